import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ConnectionModel } from "../../shared/model/types.ts";
import { renderVendor } from "../../shared/render/registry.ts";
import type { Json } from "../helpers/json.ts";
import { modelFrom, noNat } from "../helpers/variants.ts";

/**
 * Runs the generated oci-vpnaas.sh under /bin/sh against a stand-in `openstack` command that records every
 * call (one argument per field) and keeps created objects as directories. No OpenStack and no network: this
 * checks what the script would ask OpenStack to do, argument by argument, including on re-runs.
 */

const FAKE_OPENSTACK = `#!/bin/sh
state=$FAKE_OS_STATE
{ printf 'openstack'; for a in "$@"; do printf '\\037%s' "$a"; done; printf '\\n'; } >>"$state/calls"
kind=''
verb=''
while [ $# -gt 0 ]; do
  case "$1" in
    list|show|create|delete) verb=$1; shift; break ;;
    *) kind="\${kind:+$kind-}$1"; shift ;;
  esac
done
col=''; desc=''; router=''; name=''
while [ $# -gt 0 ]; do
  case "$1" in
    --help) echo "usage: openstack $kind create [--encryption-algorithm {$FAKE_ENCRYPTION}] [--pfs {$FAKE_PFS}] <name>"; exit 0 ;;
    -c) col=$2; shift 2 ;;
    --description) desc=$2; shift 2 ;;
    --router) router=$2; shift 2 ;;
    -*) shift 2 ;;
    *) name=$1; shift ;;
  esac
done
dir="$state/objects/$kind"
mkdir -p "$dir"
case "$kind:$verb" in
  router:show)
    [ "$name" = "$FAKE_ROUTER" ] || { echo "No Router found for $name" >&2; exit 1; }
    echo "$FAKE_ROUTER_ID" ;;
  subnet:show)
    for entry in $FAKE_SUBNETS; do
      n=\${entry%%=*}; rest=\${entry#*=}; id=\${rest%%=*}; cidr=\${rest#*=}
      if [ "$name" = "$n" ]; then
        if [ "$col" = id ]; then echo "$id"; else echo "$cidr"; fi
        exit 0
      fi
    done
    echo "No Subnet found for $name" >&2; exit 1 ;;
  *:list) ls "$dir" ;;
  *:create)
    [ ! -e "$dir/$name" ] || { echo "duplicate $name" >&2; exit 1; }
    mkdir "$dir/$name"
    printf '%s' "$desc" >"$dir/$name/description"
    printf '%s' "$router" >"$dir/$name/router"
    echo "id-of-$name" ;;
  *:delete) rm -r "$dir/$name" ;;
  *:show)
    [ -e "$dir/$name" ] || { echo "No $kind found for $name" >&2; exit 1; }
    case "$col" in
      Description) cat "$dir/$name/description"; echo ;;
      Router) cat "$dir/$name/router"; echo ;;
      'Ext v4 IP') echo "$FAKE_EXT_IP" ;;
      *) echo "fake openstack: column $col" >&2; exit 2 ;;
    esac ;;
  *) echo "fake openstack: unsupported $kind $verb" >&2; exit 2 ;;
esac
`;

const root = mkdtempSync(join(tmpdir(), "tunnelsmith-vpnaas-run-"));
const bin = join(root, "bin");
mkdirSync(bin);
writeFileSync(join(bin, "openstack"), FAKE_OPENSTACK);
chmodSync(join(bin, "openstack"), 0o755);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const OLD_ENCRYPTION = "3des,aes-128,aes-192,aes-256";
const OLD_PFS = "group2,group5,group14";
const NEW_ENCRYPTION = `${OLD_ENCRYPTION},aes-128-gcm-16,aes-192-gcm-16,aes-256-gcm-16`;
const NEW_PFS = `${OLD_PFS},group15,group16,group19,group20,group21`;

const SUBNET_ID = "abbbbcf4-ea8f-4218-bbe7-669231eeba30";
let runs = 0;

interface Cloud {
  state: string;
  env: Record<string, string>;
}

function cloud(overrides: Record<string, string> = {}): Cloud {
  const state = join(root, `cloud-${++runs}`);
  mkdirSync(state);
  writeFileSync(join(state, "calls"), "");
  return {
    state,
    env: {
      PATH: `${bin}:/usr/bin:/bin`,
      FAKE_OS_STATE: state,
      FAKE_ROUTER: "iida-az1-router01",
      FAKE_ROUTER_ID: "ffbd70be-24cf-4dff-a4f6-661bf892e313",
      FAKE_SUBNETS: `net01=${SUBNET_ID}=192.168.2.0/24 net02=2093ac3c-45c6-4fdf-bb9d-7dfa742c47f6=10.1.2.0/24 net03=3093ac3c-45c6-4fdf-bb9d-7dfa742c47f6=192.168.2.0/24`,
      FAKE_EXT_IP: "203.0.113.2",
      // python-neutronclient 11.5.0's choices; a test narrows them to 11.4's (2025.1) to play an old client.
      FAKE_ENCRYPTION: NEW_ENCRYPTION,
      FAKE_PFS: NEW_PFS,
      ROUTER: "iida-az1-router01",
      LOCAL_SUBNETS: "net01",
      ...overrides,
    },
  };
}

function scriptOf(model: ConnectionModel): string {
  return renderVendor(model, "openstack-vpnaas").find((f) => f.name === "oci-vpnaas.sh")?.content ?? "";
}

/** Runs the script in `c`; returns the exit status, output and the openstack calls made by this run. */
function run(c: Cloud, script: string) {
  const path = join(root, `script-${++runs}.sh`);
  writeFileSync(path, script);
  const before = readFileSync(join(c.state, "calls"), "utf8").split("\n").length - 1;
  const result = spawnSync("sh", [path], { env: c.env, encoding: "utf8" });
  const calls = readFileSync(join(c.state, "calls"), "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .slice(before)
    .map((l) => l.split("\u001f").slice(1));
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, calls };
}

const changes = (calls: string[][]) =>
  calls.filter((c) => (c.includes("create") || c.includes("delete")) && !c.includes("--help"));

/** The value following `option` in a recorded call. */
function option(call: string[] | undefined, name: string): string | undefined {
  const i = call?.indexOf(name) ?? -1;
  return i >= 0 ? call?.[i + 1] : undefined;
}

describe("oci-vpnaas.sh against a stand-in openstack CLI", () => {
  it("creates the service, endpoint groups, policies and one site connection per tunnel", () => {
    const model = modelFrom("policy-ikev2");
    const c = cloud();
    const { status, stderr, calls } = run(c, scriptOf(model));
    expect(stderr).toBe("");
    expect(status).toBe(0);
    const made = changes(calls).map((call) => call.slice(0, call.indexOf("create")).join(" "));
    expect(made).toEqual([
      "vpn service",
      "vpn endpoint group",
      "vpn endpoint group",
      "vpn ike policy",
      "vpn ipsec policy",
      "vpn ipsec site connection",
      "vpn ipsec site connection",
    ]);
    const service = changes(calls)[0];
    expect(option(service, "--router")).toBe("ffbd70be-24cf-4dff-a4f6-661bf892e313");
    const [local, oracle] = changes(calls).slice(1, 3);
    expect(local?.slice(local.indexOf("--type"), -1)).toEqual(["--type", "subnet", "--value", SUBNET_ID]);
    expect(oracle?.slice(oracle.indexOf("--type"), -1)).toEqual([
      "--type",
      "cidr",
      "--value",
      "10.0.2.0/24",
      "--value",
      "10.0.3.0/24",
    ]);
    const sites = changes(calls).slice(5);
    for (const [i, t] of model.tunnels.entries()) {
      const site = sites[i];
      expect(option(site, "--psk")).toBe(t.psk);
      expect(option(site, "--peer-address")).toBe(t.oracleIp);
      expect(option(site, "--peer-id")).toBe(t.oracleIp);
      expect(option(site, "--local-id")).toBe("203.0.113.2");
      expect(option(site, "--mtu")).toBe(String(t.mss.tunnelMtu));
      expect(option(site, "--dpd")).toBe("action=restart,interval=10,timeout=20");
      expect(option(site, "--initiator")).toBe("bi-directional");
      expect(option(site, "--local-endpoint-group")).toBe(local?.at(-1));
      expect(option(site, "--peer-endpoint-group")).toBe(oracle?.at(-1));
      expect(option(site, "--description")).toMatch(/^tunnelsmith [0-9a-f]{16} oci-\w+-local-\d+ oci-\w+$/);
      expect(site?.at(-1)).toBe(`oci-apolicyikev2-tunnel-${t.index}`);
    }
  });

  it("changes nothing when run again with the same settings", () => {
    const script = scriptOf(modelFrom("policy-ikev2"));
    const c = cloud();
    expect(run(c, script).status).toBe(0);
    const second = run(c, script);
    expect(second.status).toBe(0);
    expect(changes(second.calls)).toEqual([]);
    expect(second.stdout).toContain("oci-apolicyikev2-tunnel-2 is up to date");
  });

  it("recreates only the site connection whose PSK changed", () => {
    const c = cloud();
    expect(run(c, scriptOf(modelFrom("policy-ikev2"))).status).toBe(0);
    const rotated = modelFrom("policy-ikev2", (s) => {
      s.sharedSecrets[s.tunnels[0].id] = "New Secret 42 for tunnel one";
    });
    const { status, calls } = run(c, scriptOf(rotated));
    expect(status).toBe(0);
    const changed = changes(calls);
    expect(changed.map((call) => `${call.includes("create") ? "create" : "delete"} ${call.at(-1)}`)).toEqual([
      "delete oci-apolicyikev2-tunnel-1",
      "create oci-apolicyikev2-tunnel-1",
    ]);
    expect(option(changed[1], "--psk")).toBe("New Secret 42 for tunnel one");
  });

  it("passes hostile display names nowhere: the calls are the same as with clean names", () => {
    const clean = run(cloud(), scriptOf(modelFrom("policy-ikev2")));
    const hostile = run(
      cloud(),
      scriptOf(
        modelFrom("policy-ikev2", (s: Json) => {
          const name = "x' ; touch /tmp/pwned ; echo '$(id)` \"\n--psk evil";
          s.ipsecConnection.displayName = name;
          s.cpe.displayName = name;
          for (const t of s.tunnels) t.displayName = name;
        }),
      ),
    );
    expect(hostile.status).toBe(0);
    expect(hostile.calls).toEqual(clean.calls);
  });

  it("refuses a local subnet that is not one of the on-premises networks OCI routes to the connection", () => {
    const { status, stderr, calls } = run(
      cloud({ LOCAL_SUBNETS: "net02" }),
      scriptOf(modelFrom("policy-ikev2")),
    );
    expect(status).not.toBe(0);
    expect(stderr).toContain("subnet net02 is 10.1.2.0/24, which is not one of the on-premises networks");
    expect(changes(calls).map((call) => call.slice(0, 2).join(" "))).toEqual(["vpn service"]);
  });

  it("refuses more than one local subnet for STATIC routing", () => {
    const model = modelFrom("static-ikev1", (s) => {
      noNat(s);
      for (const t of s.tunnels) {
        t.phaseTwoDetails = {
          isCustomPhaseTwoConfig: true,
          lifetime: 3600,
          customEncryptionAlgorithm: "AES_128_CBC",
          customAuthenticationAlgorithm: "HMAC_SHA2_256_128",
          isPfsEnabled: true,
          dhGroup: "GROUP5",
        };
      }
    });
    const env = { FAKE_EXT_IP: "198.51.100.10", LOCAL_SUBNETS: "net01 net03" };
    const { status, stderr } = run(cloud(env), scriptOf(model));
    expect(status).not.toBe(0);
    expect(stderr).toContain("STATIC routing: OCI's route-based headend accepts one encryption domain");
    expect(run(cloud({ ...env, LOCAL_SUBNETS: "net01" }), scriptOf(model)).status).toBe(0);
  });

  it("refuses a router whose gateway is not the address OCI expects IKE from", () => {
    const { status, stderr } = run(
      cloud({ FAKE_EXT_IP: "198.51.100.99" }),
      scriptOf(modelFrom("policy-ikev2")),
    );
    expect(status).not.toBe(0);
    expect(stderr).toContain("external address is 198.51.100.99, but OCI expects IKE from 203.0.113.2");
    expect(stderr).toContain("site.localIp");
  });

  it("stops with a clear message when ROUTER or LOCAL_SUBNETS is missing", () => {
    const script = scriptOf(modelFrom("policy-ikev2"));
    const c = cloud();
    const { ROUTER: _router, ...withoutRouter } = c.env;
    const noRouter = spawnSync("sh", ["-c", script], { env: withoutRouter, encoding: "utf8" });
    expect(noRouter.status).not.toBe(0);
    expect(noRouter.stderr).toContain("set ROUTER to the OpenStack router");
    const { LOCAL_SUBNETS: _subnets, ...withoutSubnets } = c.env;
    const noSubnets = spawnSync("sh", ["-c", script], { env: withoutSubnets, encoding: "utf8" });
    expect(noSubnets.status).not.toBe(0);
    expect(noSubnets.stderr).toContain("set LOCAL_SUBNETS");
    expect(readFileSync(join(c.state, "calls"), "utf8")).toBe("");
  });

  it("with AES-GCM and DH group 20 (site.openstackRelease 2026.1), checks its client offers them first", () => {
    const model = modelFrom("ikev2-static-custom", (x) => {
      x.site.openstackRelease = "2026.1";
    });
    const script = scriptOf(model);
    const here = {
      FAKE_EXT_IP: model.cpe.localIp,
      FAKE_SUBNETS: `net01=${SUBNET_ID}=${model.onPremCidrs[0]}`,
    };
    const fresh = run(cloud(here), script);
    expect(fresh.stderr).toBe("");
    expect(fresh.status).toBe(0);
    const made = changes(fresh.calls);
    const ike = made.find((call) => call.join(" ").startsWith("vpn ike policy create"));
    const esp = made.find((call) => call.join(" ").startsWith("vpn ipsec policy create"));
    expect(option(ike, "--pfs")).toBe("group20");
    expect(option(esp, "--encryption-algorithm")).toBe("aes-256-gcm-16");

    const old = run(cloud({ ...here, FAKE_ENCRYPTION: OLD_ENCRYPTION, FAKE_PFS: OLD_PFS }), script);
    expect(old.status).toBe(1);
    expect(old.stderr).toMatch(
      /cannot create the (ike|ipsec) policy with (group20|aes-256-gcm-16): install python-neutronclient 11\.5\.0 or later/,
    );
    expect(changes(old.calls)).toEqual([]);
  });

  it("without a new value to pass, never asks the client for its choices", () => {
    const { status, calls } = run(
      cloud({ FAKE_ENCRYPTION: OLD_ENCRYPTION, FAKE_PFS: OLD_PFS }),
      scriptOf(modelFrom("policy-ikev2")),
    );
    expect(status).toBe(0);
    expect(calls.some((call) => call.includes("--help"))).toBe(false);
  });
});
