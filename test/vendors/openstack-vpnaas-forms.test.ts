import { describe, expect, it } from "vitest";
import type { ConnectionModel } from "../../shared/model/types.ts";
import { renderVendor } from "../../shared/render/registry.ts";
import type { Json } from "../helpers/json.ts";
import { all, ikeVersion, modelFrom, noNat } from "../helpers/variants.ts";

/**
 * Every `openstack` command in oci-vpnaas.sh is checked against the forms below: the subcommands and options
 * of python-openstackclient (`router show`, `subnet show`) and python-neutronclient's OSC plugin
 * (neutronclient/osc/v2/vpnaas/*.py), with values restricted to the choices every release since 2018 accepts
 * (the older plugin's argparse `choices`), so the script runs on old and new clouds alike.
 */

const SAFE_NAME = /^'oci-[a-z0-9]+(-(ike|esp|oracle)-[0-9a-f]{8}|-tunnel-[12])?'$/;
const SHOW = { "-f": /^value$/, "-c": /^(id|cidr|Router|'Ext v4 IP'|Description)$/ };
const LIFETIME = /^'units=seconds,value=(\d+)'$/;

type Form = { positional: RegExp; options: Record<string, RegExp> };

const FORMS: Record<string, Form> = {
  "router show": { positional: /^"\$ROUTER"$/, options: SHOW },
  "subnet show": { positional: /^"\$subnet"$/, options: SHOW },
  "vpn service show": { positional: /^"\$VPNSERVICE"$/, options: SHOW },
  "vpn service create": {
    positional: /^"\$VPNSERVICE"$/,
    options: {
      "-f": /^value$/,
      "-c": /^ID$/,
      "--router": /^"\$ROUTER_ID"$/,
      "--description": /^'tunnelsmith: OCI IPSec connection ocid1\.ipsecconnection\.[a-z0-9.-]+'$/,
    },
  },
  "vpn endpoint group create": {
    positional: /^("\$LOCAL_EPG"|'oci-[a-z0-9]+-oracle-[0-9a-f]{8}')$/,
    options: {
      "-f": /^value$/,
      "-c": /^ID$/,
      "--type": /^'(cidr|subnet)'$/,
      "--value": /^('\d+\.\d+\.\d+\.\d+\/\d+'|"\$id")$/,
    },
  },
  "vpn ike policy create": {
    positional: SAFE_NAME,
    options: {
      "-f": /^value$/,
      "-c": /^ID$/,
      "--ike-version": /^'v[12]'$/,
      "--phase1-negotiation-mode": /^'main'$/,
      "--encryption-algorithm": /^'aes-(128|192|256)'$/,
      "--auth-algorithm": /^'(sha256|sha384)'$/,
      "--pfs": /^'group(2|5|14)'$/,
      "--lifetime": LIFETIME,
    },
  },
  "vpn ipsec policy create": {
    positional: SAFE_NAME,
    options: {
      "-f": /^value$/,
      "-c": /^ID$/,
      "--transform-protocol": /^'esp'$/,
      "--encapsulation-mode": /^'tunnel'$/,
      "--encryption-algorithm": /^'aes-(128|192|256)'$/,
      "--auth-algorithm": /^'sha256'$/,
      "--pfs": /^'group(2|5|14)'$/,
      "--lifetime": LIFETIME,
    },
  },
  "vpn ipsec site connection show": { positional: SAFE_NAME, options: SHOW },
  "vpn ipsec site connection delete": { positional: SAFE_NAME, options: {} },
  "vpn ipsec site connection create": {
    positional: SAFE_NAME,
    options: {
      "-f": /^value$/,
      "-c": /^ID$/,
      "--vpnservice": /^"\$VPNSERVICE"$/,
      "--ikepolicy": SAFE_NAME,
      "--ipsecpolicy": SAFE_NAME,
      "--local-endpoint-group": /^"\$LOCAL_EPG"$/,
      "--peer-endpoint-group": SAFE_NAME,
      "--peer-address": /^'\d+\.\d+\.\d+\.\d+'$/,
      "--peer-id": /^'\d+\.\d+\.\d+\.\d+'$/,
      "--local-id": /^'(\d+\.\d+\.\d+\.\d+|@[A-Za-z0-9.-]+)'$/,
      "--psk": /^'[A-Za-z0-9 ]+'$/,
      "--initiator": /^'bi-directional'$/,
      "--mtu": /^'\d+'$/,
      "--dpd": /^'action=restart,interval=\d+,timeout=\d+'$/,
      "--description": /^"\$want"$/,
    },
  },
};

/** Subcommands `exists` lists (`openstack $1 list -f value -c Name`). */
const LISTED = [
  "vpn service",
  "vpn endpoint group",
  "vpn ike policy",
  "vpn ipsec policy",
  "vpn ipsec site connection",
];

/** Splits a shell command into words, keeping '…' and "…" quoting in the word (enough for this script). */
function shellWords(text: string): string[] {
  const out: string[] = [];
  let word = "";
  let quote: string | undefined;
  for (const ch of text) {
    if (quote) {
      word += ch;
      if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      word += ch;
    } else if (ch === " ") {
      if (word) out.push(word);
      word = "";
    } else word += ch;
  }
  if (quote) throw new Error(`unterminated quote in: ${text}`);
  if (word) out.push(word);
  return out;
}

/** Every `openstack …` invocation in the script, continuation lines joined. */
function invocations(script: string): string[][] {
  const text = script.replace(/ \\\n\s+/g, " ");
  const found: string[][] = [];
  for (const line of text.split("\n")) {
    if (line.trimStart().startsWith("#")) continue;
    for (const m of line.matchAll(/\$\(openstack ([^)]*)\)/g)) {
      // the command ends at a redirection or `|| true`
      found.push(shellWords((m[1] ?? "").replace(/ 2>\/dev\/null.*$/, "").split(" || ")[0] ?? ""));
    }
    const direct = /^\s*(?:exists '[^']+' \S+ \|\| )?openstack (.*)$/.exec(line);
    // a pipe ends the command (`openstack $1 list … | grep …` in exists)
    if (direct && !line.includes("$(openstack"))
      found.push(shellWords((direct[1] ?? "").split(" | ")[0] ?? ""));
  }
  return found;
}

function check(words: string[]): void {
  const verb = words.findIndex((w) => ["show", "create", "delete", "list"].includes(w));
  const command = words.slice(0, verb + 1).join(" ");
  if (words[0] === "$1" && command === "$1 list") {
    expect(words.slice(verb + 1)).toEqual(["-f", "value", "-c", "Name"]);
    return;
  }
  const form = FORMS[command];
  if (!form) throw new Error(`undocumented openstack command: ${command}`);
  const rest = words.slice(verb + 1);
  let positional: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i] ?? "";
    if (word === '"$@"') continue; // --value "$id" pairs built by the subnet loop
    if (word.startsWith("-")) {
      const pattern = form.options[word];
      const value = rest[++i] ?? "";
      if (!pattern) throw new Error(`${command}: undocumented option ${word}`);
      if (!pattern.test(value)) throw new Error(`${command}: bad value for ${word}: ${value}`);
      const lifetime = LIFETIME.exec(value);
      if (word === "--lifetime" && Number(lifetime?.[1]) < 60) throw new Error("lifetime below 60 s");
      if (word === "--dpd") {
        const [, interval, timeout] = /interval=(\d+),timeout=(\d+)/.exec(value) ?? [];
        if (!(Number(interval) < Number(timeout))) throw new Error("DPD interval must be below the timeout");
      }
    } else if (positional === undefined) positional = word;
    else throw new Error(`${command}: second positional argument ${word}`);
  }
  if (!positional || !form.positional.test(positional)) throw new Error(`${command}: bad name ${positional}`);
}

function cbcPhase2(s: Json): void {
  for (const t of s.tunnels) {
    t.phaseTwoDetails = {
      isCustomPhaseTwoConfig: true,
      lifetime: 3600,
      customEncryptionAlgorithm: "AES_128_CBC",
      customAuthenticationAlgorithm: "HMAC_SHA2_256_128",
      isPfsEnabled: true,
      dhGroup: "GROUP2",
    };
  }
}

const MODELS: Record<string, () => ConnectionModel> = {
  "policy-ikev2": () => modelFrom("policy-ikev2"),
  "policy-ikev1-hostname": () =>
    modelFrom("policy-ikev2", (s) => {
      ikeVersion("V1")(s);
      s.ipsecConnection.cpeLocalIdentifierType = "HOSTNAME";
      s.ipsecConnection.cpeLocalIdentifier = "vpn.example.com";
    }),
  "static-ikev1-nat": () => modelFrom("static-ikev1", cbcPhase2),
  "static-ikev2-direct-sha256": () =>
    modelFrom("static-ikev1", (s) => {
      all(cbcPhase2, ikeVersion("V2"), noNat)(s);
      for (const t of s.tunnels) {
        t.phaseOneDetails = {
          isCustomPhaseOneConfig: true,
          lifetime: 86400,
          customEncryptionAlgorithm: "AES_192_CBC",
          customAuthenticationAlgorithm: "SHA2_256",
          customDhGroup: "GROUP14",
        };
      }
    }),
};

describe("oci-vpnaas.sh: documented openstack command forms only", () => {
  for (const [name, model] of Object.entries(MODELS)) {
    it(`${name}: every openstack invocation is a documented form with accepted values`, () => {
      const script = renderVendor(model(), "openstack-vpnaas")[0]?.content ?? "";
      const calls = invocations(script);
      expect(calls.length).toBeGreaterThan(10);
      for (const words of calls) check(words);
      const kinds = [...script.matchAll(/exists '([^']+)'/g)].map((m) => m[1] ?? "");
      for (const kind of kinds) expect(LISTED).toContain(kind);
    });
  }

  it("the checker rejects undocumented options and values", () => {
    const script = renderVendor(modelFrom("policy-ikev2"), "openstack-vpnaas")[0]?.content ?? "";
    const bad = [
      script.replace("--pfs 'group14'", "--pfs 'group20'"),
      script.replace("--encryption-algorithm 'aes-256'", "--encryption-algorithm 'aes-256-gcm-16'"),
      script.replace("--initiator 'bi-directional'", "--initiator 'bi-directional' --enable x"),
      script.replace("openstack vpn ike policy create", "openstack vpn ike policy set"),
      script.replace(
        "--dpd 'action=restart,interval=10,timeout=20'",
        "--dpd 'action=restart,interval=20,timeout=20'",
      ),
    ];
    for (const b of bad) {
      expect(b).not.toBe(script);
      expect(() => {
        for (const words of invocations(b)) check(words);
      }).toThrow();
    }
  });
});
