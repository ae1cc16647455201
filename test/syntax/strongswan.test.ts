import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConnectionModel, DhGroup, TunnelModel } from "../../shared/model/types.ts";
import { renderVendor } from "../../shared/render/registry.ts";
import type { Json } from "../helpers/json.ts";
import { modelFrom, ROUTE_VARIANTS } from "../helpers/variants.ts";

/**
 * Every rendered swanctl.conf is loaded into a real strongSwan charon (Debian bookworm's 5.9.8), which checks far
 * more than syntax: proposal keywords, option values and their combinations. strongSwan cannot be installed next to
 * Libreswan, so it lives in a chroot that `test/syntax/setup-strongswan-chroot.sh` builds once (`.ci/run` calls it);
 * `strongswan-load.sh` runs charon in throwaway mount, network and PID namespaces (loopback only: the tunnels it
 * tries to start cannot send a packet) and prints swanctl's answer and charon's log per file. swanctl's exit code
 * is not reliable, so the test reads what it says, and what charon says it understood.
 */
const CHROOT = process.env.TUNNELSMITH_STRONGSWAN_CHROOT ?? "/var/cache/tunnelsmith/strongswan-chroot";
const LOADER = join(process.cwd(), "test", "syntax", "strongswan-load.sh");

/** Per-tunnel custom phase settings, so that together the sweep cases use every keyword the capability table lists. */
function sweep(version: "V1" | "V2", settings: [Json, Json][]) {
  return (s: Json) => {
    s.tunnels.forEach((t: Json, i: number) => {
      const [p1, p2] = settings[i] ?? settings[0] ?? [{}, {}];
      t.ikeVersion = version;
      t.phaseOneDetails = { isCustomPhaseOneConfig: true, lifetime: 28800, ...p1 };
      t.phaseTwoDetails = { isCustomPhaseTwoConfig: true, lifetime: 3600, isPfsEnabled: true, ...p2 };
    });
  };
}

const CASES: Record<string, () => ConnectionModel> = {
  ...ROUTE_VARIANTS,
  "natt-enabled-hostname-slot1": () =>
    modelFrom("static-ikev1", (s) => {
      for (const t of s.tunnels) t.natTranslationEnabled = "ENABLED";
      s.ipsecConnection.cpeLocalIdentifierType = "HOSTNAME";
      s.ipsecConnection.cpeLocalIdentifier = "vpn.example.com";
      s.site.slot = 1;
    }),
  "hostile-names": () =>
    modelFrom("static-ikev1", (s) => {
      const name = 'x" } secrets { ike-evil { secret = owned } } # {{psk}} $(id)';
      s.ipsecConnection.displayName = name;
      s.cpe.displayName = name;
      for (const t of s.tunnels) t.displayName = name;
    }),
  "sweep-ikev1-a": () =>
    modelFrom(
      "static-ikev1",
      sweep("V1", [
        [
          {
            customEncryptionAlgorithm: "AES_128_CBC",
            customAuthenticationAlgorithm: "SHA1_96",
            customDhGroup: "GROUP2",
          },
          { customEncryptionAlgorithm: "AES_128_GCM", dhGroup: "GROUP19" },
        ],
        [
          {
            customEncryptionAlgorithm: "AES_192_CBC",
            customAuthenticationAlgorithm: "SHA2_256",
            customDhGroup: "GROUP5",
          },
          { customEncryptionAlgorithm: "AES_192_GCM", dhGroup: "GROUP20" },
        ],
      ]),
    ),
  "sweep-ikev2-b": () =>
    modelFrom(
      "static-ikev1",
      sweep("V2", [
        [
          {
            customEncryptionAlgorithm: "AES_256_CBC",
            customAuthenticationAlgorithm: "SHA2_384",
            customDhGroup: "GROUP14",
          },
          {
            customEncryptionAlgorithm: "AES_128_CBC",
            customAuthenticationAlgorithm: "HMAC_SHA1_128",
            dhGroup: "GROUP24",
          },
        ],
        [
          {
            customEncryptionAlgorithm: "AES_128_CBC",
            customAuthenticationAlgorithm: "SHA2_384",
            customDhGroup: "GROUP19",
          },
          {
            customEncryptionAlgorithm: "AES_192_CBC",
            customAuthenticationAlgorithm: "HMAC_SHA2_256_128",
            dhGroup: "GROUP2",
          },
        ],
      ]),
    ),
  "sweep-ikev1-c": () =>
    modelFrom(
      "static-ikev1",
      sweep("V1", [
        [
          {
            customEncryptionAlgorithm: "AES_192_CBC",
            customAuthenticationAlgorithm: "SHA1_96",
            customDhGroup: "GROUP20",
          },
          {
            customEncryptionAlgorithm: "AES_256_CBC",
            customAuthenticationAlgorithm: "HMAC_SHA2_256_128",
            dhGroup: "GROUP14",
          },
        ],
        [
          {
            customEncryptionAlgorithm: "AES_256_CBC",
            customAuthenticationAlgorithm: "SHA2_256",
            customDhGroup: "GROUP24",
          },
          { customEncryptionAlgorithm: "AES_256_GCM", isPfsEnabled: false },
        ],
      ]),
    ),
};

/** charon's own names for what the model says, to check the vendor spelling means the same algorithm. */
const CHARON_DH: Record<DhGroup, string> = {
  2: "MODP_1024",
  5: "MODP_1536",
  14: "MODP_2048",
  19: "ECP_256",
  20: "ECP_384",
  24: "MODP_2048_256",
};
const CHARON_IKE_INTEGRITY = {
  sha1: "HMAC_SHA1_96/PRF_HMAC_SHA1",
  sha256: "HMAC_SHA2_256_128/PRF_HMAC_SHA2_256",
  sha384: "HMAC_SHA2_384_192/PRF_HMAC_SHA2_384",
} as const;
const CHARON_ESP_INTEGRITY = {
  "hmac-sha1-96": "HMAC_SHA1_96",
  "hmac-sha256-128": "HMAC_SHA2_256_128",
} as const;

function charonIke(t: TunnelModel): string {
  const p = t.phase1;
  return `IKE:AES_CBC_${p.cipher.keyBits}/${CHARON_IKE_INTEGRITY[p.integrity]}/${CHARON_DH[p.dhGroup]}`;
}

function charonEsp(t: TunnelModel): string {
  const p = t.phase2;
  const cipher = p.cipher.mode === "gcm" ? `AES_GCM_16_${p.cipher.keyBits}` : `AES_CBC_${p.cipher.keyBits}`;
  const parts = [cipher];
  if (p.integrity) parts.push(CHARON_ESP_INTEGRITY[p.integrity]);
  if (p.pfsDhGroup !== null) parts.push(CHARON_DH[p.pfsDhGroup]);
  return `ESP:${parts.join("/")}/NO_EXT_SEQ`;
}

const work = mkdtempSync(join(tmpdir(), "ts-strongswan-"));
const models = new Map<string, ConnectionModel>();
const results = new Map<string, { swanctl: string; charon: string }>();
let loaderOutput = "";

function swanctlConf(model: ConnectionModel): string {
  const file = renderVendor(model, "strongswan").find((f) => f.name === "swanctl.conf");
  if (!file) throw new Error("no swanctl.conf");
  return file.content;
}

/** Set when the chroot is missing: every test then fails with this message (CI must set the chroot up, never skip). */
let setupProblem: string | null = null;

beforeAll(() => {
  if (!existsSync(join(CHROOT, ".tunnelsmith-strongswan-ready"))) {
    setupProblem = `no strongSwan chroot at ${CHROOT}: run test/syntax/setup-strongswan-chroot.sh (as root) first`;
    return;
  }
  for (const [name, model] of Object.entries(CASES)) {
    const m = model();
    models.set(name, m);
    writeFileSync(join(work, `${name}.conf`), swanctlConf(m));
  }
  // Negative controls: the same rendered file with one broken value, and with one brace missing.
  const good = swanctlConf(modelFrom("static-ikev1"));
  writeFileSync(
    join(work, "zz-broken-proposal.conf"),
    good.replace("aes256-sha384-modp1536", "aes256-sha384-modp1537"),
  );
  writeFileSync(
    join(work, "zz-broken-syntax.conf"),
    good.replace(/\t\t\t\}\n\t\t\}\n\t\}\n\}\n/, "\t\t\t}\n\t\t}\n}\n"),
  );

  // charon starts with the rendered daemon settings, so a syntax error in them fails every test here.
  const snippet = renderVendor(modelFrom("bgp-ikev1"), "strongswan").find(
    (f) => f.name === "oci-vpn-charon.conf",
  );
  if (!snippet) throw new Error("no oci-vpn-charon.conf");
  const snippetPath = join(tmpdir(), `oci-vpn-charon-${process.pid}.conf`);
  writeFileSync(snippetPath, snippet.content);
  const run = spawnSync("sh", [LOADER, CHROOT, work], {
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, TUNNELSMITH_CHARON_SNIPPET: snippetPath },
  });
  rmSync(snippetPath, { force: true });
  loaderOutput = `${run.stdout}\n${run.stderr}`;
  if (run.status !== 0) throw new Error(`strongswan-load.sh failed (${run.status}): ${loaderOutput}`);
  for (const section of run.stdout.split(/^===== /m).slice(1)) {
    const [header = "", ...rest] = section.split("\n");
    const [swanctl = "", charon = ""] = rest.join("\n").split(/^----- charon$/m);
    results.set(header.trim(), { swanctl, charon });
  }
}, 90_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

function resultOf(name: string) {
  if (setupProblem) throw new Error(setupProblem);
  const r = results.get(name);
  if (!r) throw new Error(`no loader output for ${name}:\n${loaderOutput}`);
  return r;
}

describe("strongSwan charon loads every rendered swanctl.conf", () => {
  it("has the strongSwan chroot to run charon in", () => {
    expect(setupProblem).toBeNull();
  });

  for (const name of Object.keys(CASES)) {
    it(`${name}: both connections and both secrets load without a complaint`, () => {
      const { swanctl } = resultOf(name);
      // "N unloaded" counts the previous file's connections that --load-all replaced.
      expect(swanctl).toMatch(/^successfully loaded 2 connections, \d+ unloaded$/m);
      expect(swanctl.match(/^loaded ike secret 'ike-oracle-tunnel-\d(-slot\d+)?'$/gm)).toHaveLength(2);
      expect(swanctl).not.toMatch(/failed|invalid|syntax error|unknown|error/i);
    });

    it(`${name}: charon parsed the proposals, selectors and interface ids the model asks for`, () => {
      const { charon } = resultOf(name);
      const model = models.get(name);
      if (!model) throw new Error(name);
      for (const t of model.tunnels) {
        expect(charon).toContain(`proposals = ${charonIke(t)}\n`);
        expect(charon).toContain(`proposals = ${charonEsp(t)}\n`);
        expect(charon).toContain(`remote_addrs = ${t.oracleIp}\n`);
        if (t.routing === "POLICY") {
          for (const cidr of t.encryptionDomain.oracle) expect(charon).toContain(`remote_ts = ${cidr}\n`);
        } else {
          expect(charon).toContain(`if_id_in = ${t.iface.mark}\n`);
          expect(charon).toContain(`if_id_out = ${t.iface.mark}\n`);
        }
      }
      expect(charon).toMatch(/start_action = start\n/);
      expect(charon).toMatch(/close_action = start\n/);
      // Loopback only: charon's attempts to reach Oracle fail inside the scratch namespace.
      expect(charon).not.toMatch(/IKE_SA .* established/);
    });
  }

  it("the routes scripts are valid shell and iproute2 accepts their XFRM interface commands", () => {
    for (const [name, model] of models) {
      const routes = renderVendor(model, "strongswan").find((f) =>
        /^oci-vpn-routes(-slot\d+)?\.sh$/.test(f.name),
      );
      if (!routes) {
        expect(name).toMatch(/^policy-/); // only policy-based output has no tunnel interfaces
        continue;
      }
      const path = join(work, `${name}-routes.sh`);
      writeFileSync(path, routes.content);
      const syntax = spawnSync("sh", ["-n", path], { encoding: "utf8" });
      expect(syntax.stderr).toBe("");
      expect(syntax.status).toBe(0);
      const adds = [...routes.content.matchAll(/\|\| (ip link add \S+ type xfrm if_id \d+)$/gm)].map(
        (m) => m[1] ?? "",
      );
      expect(adds).toHaveLength(2);
      for (const command of adds) {
        // In a throwaway network namespace. This host kernel has no XFRM interfaces, so the kernel's "Unknown
        // device type" is the expected answer there; a kernel that has them creates the interface. Either way
        // iproute2 parsed the command: a wrong argument would fail before reaching the kernel.
        const r = spawnSync("unshare", ["--net", "sh", "-c", command], { encoding: "utf8" });
        if (r.status !== 0) expect(r.stderr.trim()).toBe("Error: Unknown device type.");
      }
    }
  });

  it("sends a HOSTNAME identity as an FQDN and forces UDP encapsulation for NAT-T ENABLED", () => {
    const { charon } = resultOf("natt-enabled-hostname-slot1");
    expect(charon).toContain("id = vpn.example.com\n");
    expect(charon).toMatch(/encap = 1\n/);
    expect(charon).toContain("conn oracle-tunnel-1-slot1:");
  });

  it("negative control: a misspelt proposal is reported, so the checks above can fail", () => {
    const { swanctl } = resultOf("zz-broken-proposal");
    expect(swanctl).toMatch(/invalid value for: proposals/);
    expect(swanctl).not.toMatch(/successfully loaded/);
  });

  it("negative control: a missing brace is a syntax error", () => {
    const { swanctl } = resultOf("zz-broken-syntax");
    expect(swanctl).toMatch(/syntax error|invalid config file/);
    expect(swanctl).not.toMatch(/successfully loaded 2 connections/);
  });
});
