import { describe, expect, it } from "vitest";
import type { ConnectionModel } from "../../shared/model/types.ts";
import { renderVendor } from "../../shared/render/registry.ts";
import type { Json } from "../helpers/json.ts";
import { all, ikeVersion, modelFrom, noNat } from "../helpers/variants.ts";

/**
 * There is no offline RouterOS syntax checker, so every line of the script is checked against the command
 * forms below, taken from the RouterOS v7 manual (IP/IPsec: policy group, profile, proposal, peer, identity,
 * policy; IP/Firewall: filter, NAT, mangle) and the scripting manual (`:do {} on-error={}`, `[find where …]`,
 * `:pick`). A line that matches none of them fails the test, so nothing else can reach the router.
 */

const NAME = /^ts-[a-z0-9]+(-(ike|esp|peer)-[12])?$/;
const IPV4 = "(?:\\d{1,3}\\.){3}\\d{1,3}";
const CIDR = new RegExp(`^${IPV4}/\\d{1,2}$`);
const HOST = new RegExp(`^${IPV4}$`);
const DURATION = /^\d+[hms]$/;
const YES_NO = /^(yes|no)$/;
const INT = /^\d+$/;
const COMMENT = /^"tunnelsmith:[a-z0-9]+ [A-Za-z0-9 -]+"$/;
const place = (menu: string) =>
  new RegExp(`^\\[:pick \\[/ip firewall ${menu} find where dynamic=no\\] 0\\]$`);

const FORMS: Record<string, Record<string, RegExp>> = {
  "/ip ipsec policy group": { name: NAME },
  "/ip ipsec profile": {
    name: NAME,
    "enc-algorithm": /^aes-(128|192|256)$/,
    "hash-algorithm": /^(sha1|sha256|sha384)$/,
    "dh-group": /^(modp1024|modp1536|modp2048|ecp256|ecp384)$/,
    lifetime: DURATION,
    "nat-traversal": YES_NO,
    "dpd-interval": DURATION,
    "dpd-maximum-failures": INT,
  },
  "/ip ipsec proposal": {
    name: NAME,
    "enc-algorithms": /^aes-(128|192|256)-(cbc|gcm)$/,
    "auth-algorithms": /^"(sha1|sha256)?"$/,
    "pfs-group": /^(none|modp1024|modp1536|modp2048|ecp256|ecp384)$/,
    lifetime: DURATION,
  },
  "/ip ipsec peer": {
    name: NAME,
    address: new RegExp(`^${IPV4}/32$`),
    "exchange-mode": /^(main|ike2)$/,
    profile: NAME,
    passive: /^no$/,
    "send-initial-contact": /^yes$/,
  },
  "/ip ipsec identity": {
    peer: NAME,
    "auth-method": /^pre-shared-key$/,
    secret: /^"(0x[0-9a-f]+|[A-Za-z0-9 ]+)"$/,
    "my-id": new RegExp(`^(address:${IPV4}|fqdn:[A-Za-z0-9.-]+)$`),
    "remote-id": /^ignore$/,
    "generate-policy": /^no$/,
    "policy-template-group": NAME,
    comment: COMMENT,
  },
  "/ip ipsec policy": {
    peer: NAME,
    "src-address": CIDR,
    "dst-address": CIDR,
    protocol: /^all$/,
    tunnel: /^yes$/,
    action: /^encrypt$/,
    level: /^require$/,
    proposal: NAME,
    disabled: YES_NO,
    comment: COMMENT,
  },
  "/ip firewall filter": {
    chain: /^(input|forward)$/,
    action: /^accept$/,
    protocol: /^(udp|ipsec-esp)$/,
    "dst-port": /^500(,4500)?$/,
    "src-address": new RegExp(`${HOST.source}|${CIDR.source}`),
    "dst-address": CIDR,
    "ipsec-policy": /^(in|out),ipsec$/,
    comment: COMMENT,
    "place-before": place("filter"),
  },
  "/ip firewall nat": {
    chain: /^srcnat$/,
    action: /^accept$/,
    "src-address": CIDR,
    "dst-address": CIDR,
    comment: COMMENT,
    "place-before": place("nat"),
  },
  "/ip firewall mangle": {
    chain: /^forward$/,
    action: /^change-mss$/,
    "new-mss": INT,
    passthrough: /^yes$/,
    protocol: /^tcp$/,
    "tcp-flags": /^syn$/,
    "tcp-mss": /^\d+-65535$/,
    "src-address": CIDR,
    "dst-address": CIDR,
    comment: COMMENT,
  },
};

/** Splits `key=value key="a b" key=[x [y] z]` into words, keeping quoted strings and brackets whole. */
function words(text: string): string[] {
  const out: string[] = [];
  let current = "";
  let depth = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (!quoted && ch === "[") depth++;
    if (!quoted && ch === "]") depth--;
    if (ch === " " && !quoted && depth === 0) {
      if (current) out.push(current);
      current = "";
    } else current += ch;
  }
  if (quoted || depth !== 0) throw new Error(`unbalanced quotes or brackets in: ${text}`);
  if (current) out.push(current);
  return out;
}

interface Add {
  menu: string;
  args: Map<string, string>;
}

/** Checks one `add` argument list against the menu's documented properties. */
function checkAdd(menu: string, argText: string): Add {
  const form = FORMS[menu];
  if (!form) throw new Error(`undocumented menu ${menu}`);
  const args = new Map<string, string>();
  for (const word of words(argText)) {
    const eq = word.indexOf("=");
    const key = word.slice(0, eq);
    const value = word.slice(eq + 1);
    const pattern = form[key];
    if (eq < 1 || !pattern) throw new Error(`${menu}: undocumented property in "${word}"`);
    if (!pattern.test(value)) throw new Error(`${menu}: bad value for ${key}: ${value}`);
    if (args.has(key)) throw new Error(`${menu}: ${key} given twice`);
    args.set(key, value);
  }
  return { menu, args };
}

interface Removal {
  menu: string;
  by: "comment" | "name";
  pattern: RegExp;
}

const REMOVE = /^(\/ip (?:ipsec|firewall)[a-z ]*) remove \[find where (comment|name)(~|=)"([^"]+)"\]$/;
const GUARDED =
  /^:do \{ (\/ip firewall (?:filter|nat)) add (.+?) place-before=(\[:pick \[[^\]]+\] 0\]) \} on-error=\{ \1 add (.+) \}$/;

/** Parses the script into removals and adds, failing on any line that is not a documented command form. */
function parse(script: string): { removals: Removal[]; adds: Add[]; order: string[] } {
  const removals: Removal[] = [];
  const adds: Add[] = [];
  const order: string[] = [];
  let menu: string | undefined;
  for (const line of script.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const removal = REMOVE.exec(line);
    const guarded = GUARDED.exec(line);
    if (line in FORMS) menu = line;
    else if (removal) {
      const [, m = "", by = "", op = "", pattern = ""] = removal;
      if (!(m in FORMS)) throw new Error(`remove in undocumented menu ${m}`);
      removals.push({
        menu: m,
        by: by as Removal["by"],
        pattern: op === "~" ? new RegExp(pattern) : new RegExp(`^${pattern}$`),
      });
      order.push(`remove ${m}`);
    } else if (guarded) {
      const [, m = "", first = "", target = "", second = ""] = guarded;
      expect(first).toBe(second); // the fallback adds the same rule, only without place-before
      adds.push(checkAdd(m, `${first} place-before=${target}`));
      order.push(`add ${m}`);
    } else if (line.startsWith("add ")) {
      if (!menu) throw new Error(`add outside a menu: ${line}`);
      adds.push(checkAdd(menu, line.slice(4)));
      order.push(`add ${menu}`);
    } else throw new Error(`not a documented RouterOS command form: ${line}`);
  }
  return { removals, adds, order };
}

function behindNat(s: Json): void {
  s.site.localIp = "192.168.1.42";
}

const MODELS: Record<string, () => ConnectionModel> = {
  "static-ikev1-nat": () => modelFrom("static-ikev1"),
  "static-ikev2-direct": () => modelFrom("static-ikev1", all(ikeVersion("V2"), noNat)),
  seed000: () => modelFrom("ikev2-static-custom"),
  "policy-ikev2": () => modelFrom("policy-ikev2"),
  "policy-ikev1-nat": () => modelFrom("policy-ikev2", all(ikeVersion("V1"), behindNat)),
  "cbc-sha1-modp1024": () =>
    modelFrom("ikev2-static-custom", (s) => {
      for (const t of s.tunnels) {
        t.phaseOneDetails.customAuthenticationAlgorithm = "SHA1_96";
        t.phaseOneDetails.customDhGroup = "GROUP2";
        t.phaseTwoDetails.customEncryptionAlgorithm = "AES_128_CBC";
        t.phaseTwoDetails.customAuthenticationAlgorithm = "HMAC_SHA1_128";
        t.phaseTwoDetails.isPfsEnabled = false;
      }
    }),
};

function render(model: ConnectionModel): string {
  return renderVendor(model, "routeros")[0]?.content ?? "";
}

describe("routeros script: documented command forms only", () => {
  for (const [name, model] of Object.entries(MODELS)) {
    it(`${name}: every line is a comment or a documented command`, () => {
      const { adds } = parse(render(model()));
      const menus = new Set(adds.map((a) => a.menu));
      for (const menu of Object.keys(FORMS)) expect(menus.has(menu), menu).toBe(true);
    });
  }

  it("the checker itself rejects undocumented properties, values and commands", () => {
    const good = render(modelFrom("ikev2-static-custom"));
    expect(() => parse(good)).not.toThrow();
    expect(() => parse(good.replace("pfs-group=modp1536", "pfs-group=modp9999"))).toThrow(/bad value/);
    expect(() => parse(good.replace("passive=no", "passive=no generate-policy=port-override"))).toThrow(
      /undocumented property/,
    );
    expect(() => parse(`${good}\n/system reset-configuration`)).toThrow(/not a documented/);
    expect(() => parse(good.replace('comment="tunnelsmith:', 'comment="x" comment="tunnelsmith:'))).toThrow();
  });

  it("maps the other algorithm choices to documented values (sha1, modp1024, CBC, PFS off)", () => {
    const rsc = render(MODELS["cbc-sha1-modp1024"]?.() ?? modelFrom("ikev2-static-custom"));
    expect(rsc).toMatch(/hash-algorithm=sha1 dh-group=modp1024 /);
    expect(rsc).toMatch(/enc-algorithms=aes-128-cbc auth-algorithms="sha1" pfs-group=none /);
  });
});

describe("routeros script: re-running does not duplicate entries", () => {
  for (const [name, model] of Object.entries(MODELS)) {
    it(`${name}: every added entry is removed first by its tag or name`, () => {
      const { removals, adds, order } = parse(render(model()));
      for (const add of adds) {
        const removal = removals.find((r) => r.menu === add.menu);
        expect(removal, `no removal for ${add.menu}`).toBeDefined();
        if (!removal) continue;
        const value = add.args.get(removal.by)?.replace(/^"|"$/g, "");
        expect(value, `${add.menu} entry without ${removal.by}`).toBeDefined();
        expect(removal.pattern.test(value ?? ""), `${add.menu}: ${value} escapes ${removal.pattern}`).toBe(
          true,
        );
        expect(order.indexOf(`remove ${add.menu}`)).toBeLessThan(order.indexOf(`add ${add.menu}`));
      }
    });
  }

  it("never removes another connection's entries", () => {
    const a = parse(render(modelFrom("static-ikev1")));
    const b = parse(render(modelFrom("policy-ikev2")));
    for (const removal of a.removals) {
      for (const add of b.adds.filter((x) => x.menu === removal.menu)) {
        expect(removal.pattern.test(add.args.get(removal.by)?.replace(/^"|"$/g, "") ?? "")).toBe(false);
      }
    }
  });

  it("removes entries in dependency order (policies and identities before peers, peers before profiles)", () => {
    const { order } = parse(render(modelFrom("ikev2-static-custom")));
    const at = (menu: string) => order.indexOf(`remove ${menu}`);
    expect(at("/ip ipsec policy")).toBeLessThan(at("/ip ipsec peer"));
    expect(at("/ip ipsec identity")).toBeLessThan(at("/ip ipsec peer"));
    expect(at("/ip ipsec peer")).toBeLessThan(at("/ip ipsec profile"));
    expect(at("/ip ipsec peer")).toBeLessThan(at("/ip ipsec proposal"));
    expect(at("/ip ipsec identity")).toBeLessThan(at("/ip ipsec policy group"));
  });
});

/** Display names chosen to break out of a RouterOS comment, quote or command substitution. */
const HOSTILE = [
  'x" ; /system reset-configuration ; "',
  "line1\n/ip firewall filter add chain=input action=accept",
  "}} {{#tunnels}} {{secret}} {{/tunnels}}",
  "[/system reboot] $(reboot) ; :put [/file get x]",
  'a"b\\"c\r\nd',
];

function hostile(name: string) {
  return (s: Json) => {
    s.ipsecConnection.displayName = name;
    s.cpe.displayName = name;
    for (const t of s.tunnels) t.displayName = name;
  };
}

describe("routeros script: hostile display names", () => {
  for (const base of ["ikev2-static-custom", "policy-ikev2"]) {
    it(`${base}: names change comment lines only, never a command line`, () => {
      const commands = (text: string) => text.split("\n").filter((l) => l !== "" && !l.startsWith("#"));
      const clean = render(modelFrom(base));
      for (const name of HOSTILE) {
        const out = render(modelFrom(base, hostile(name)));
        expect(commands(out)).toEqual(commands(clean));
        expect(out.split("\n")).toHaveLength(clean.split("\n").length);
        expect(() => parse(out)).not.toThrow();
        // what is left of a name in a comment has no quote, substitution or template syntax either
        expect(out).not.toMatch(/\$\(|\{\{|x"|reboot\]|\\"/);
      }
    });
  }
});
