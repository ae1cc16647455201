import { describe, expect, it } from "vitest";
import type { ConnectionModel } from "../../shared/model/types.ts";
import { renderVendor } from "../../shared/render/registry.ts";
import type { RenderedFile } from "../../shared/render/types.ts";
import { expectGolden } from "../helpers/golden.ts";
import type { Json } from "../helpers/json.ts";
import { ikeVersion, modelFrom } from "../helpers/variants.ts";

/**
 * RouterOS failover without a human (issue 15, defect 5): `oci-vpn-failover.rsc` holds a `/system script` and a
 * `/system scheduler` entry that move the standby policies to tunnel 2 when tunnel 1's peer is not established.
 * The command forms below are the RouterOS v7 scripting manual's (`:local`, `:if () do={}`, `:len`, `:log`,
 * `[find where …]`) and its IPsec (`/ip ipsec active-peers`, `policy enable|disable`) and System (`script`,
 * `scheduler`) menus; any other line fails the test.
 */

const IPV4 = String.raw`(?:\d{1,3}\.){3}\d{1,3}`;
const CIDR = String.raw`${IPV4}/\d{1,2}`;
const NAME = "ts-[a-z0-9]+-failover";
const TAG = "tunnelsmith:[a-z0-9]+";
const FORMS: RegExp[] = [
  new RegExp(`^/system (scheduler|script) remove \\[find where name="${NAME}"\\]$`),
  new RegExp(`^/system script add name=${NAME} policy=read,write comment="${TAG} failover" source=\\{$`),
  new RegExp(
    `^:local up[12] \\[:len \\[/ip ipsec active-peers find where remote-address=${IPV4} state=established\\]\\]$`,
  ),
  new RegExp(
    `^:local onStandby \\[:len \\[/ip ipsec policy find where comment~"\\^${TAG} tunnel-2 standby" disabled=no\\]\\]$`,
  ),
  /^:if \(\(\$up1 = 0\) && \(\$up2 > 0\) && \(\$onStandby = 0\)\) do=\{$/,
  /^:if \(\(\$up1 > 0\) && \(\$onStandby > 0\)\) do=\{$/,
  new RegExp(
    `^/ip ipsec policy (enable|disable) \\[find where comment~"\\^${TAG} tunnel-1 " src-address=${CIDR} dst-address=${CIDR}\\]$`,
  ),
  new RegExp(`^/ip ipsec policy (enable|disable) \\[find where comment~"\\^${TAG} tunnel-2 standby"\\]$`),
  new RegExp(`^:log warning "${TAG} [A-Za-z0-9 ().:,]+"$`),
  /^\}$/,
  new RegExp(
    `^/system scheduler add name=${NAME} interval=\\d+s start-time=startup on-event=${NAME} policy=read,write comment="${TAG} failover"$`,
  ),
];

function files(model: ConnectionModel): RenderedFile[] {
  return renderVendor(model, "routeros");
}

function failoverOf(model: ConnectionModel): string {
  const file = files(model).find((f) => f.name === "oci-vpn-failover.rsc");
  if (!file) throw new Error("no failover script");
  return file.content;
}

function commands(text: string): string[] {
  return text.split("\n").filter((l) => l !== "" && !l.startsWith("#"));
}

/** The comment and selectors of every `/ip ipsec policy add` line of the main script. */
function policies(main: string): { comment: string; src: string; dst: string; disabled: string }[] {
  return [
    ...main.matchAll(
      /src-address=(\S+) dst-address=(\S+) protocol=all .* disabled=(yes|no) comment="([^"]+)"/g,
    ),
  ].map(([, src = "", dst = "", disabled = "", comment = ""]) => ({ src, dst, disabled, comment }));
}

const VARIANTS: Record<string, () => ConnectionModel> = {
  "static-ikev2-seed000": () => modelFrom("ikev2-static-custom"),
  "policy-ikev1-direct": () => modelFrom("policy-ikev2", ikeVersion("V1")),
};

describe("routeros failover script", () => {
  for (const [variant, model] of Object.entries(VARIANTS)) {
    it(`matches the golden file for ${variant}`, () => {
      expectGolden(`routeros/${variant}/oci-vpn-failover.rsc`, failoverOf(model()));
    });

    it(`${variant}: every line is a comment or a documented command form, braces balanced`, () => {
      const lines = commands(failoverOf(model()));
      for (const line of lines)
        expect(
          FORMS.some((f) => f.test(line)),
          line,
        ).toBe(true);
      const opened = lines.filter((l) => l.endsWith("{")).length;
      expect(lines.filter((l) => l === "}")).toHaveLength(opened);
    });
  }

  it("is rendered with the main script, holds no key, and the scheduler runs the script it adds", () => {
    const out = files(modelFrom("ikev2-static-custom"));
    expect(out.map((f) => f.name)).toEqual(["oci-vpn.rsc", "oci-vpn-failover.rsc"]);
    const failover = out[1];
    expect(failover?.secret).toBe(false);
    const script = failover?.content ?? "";
    const name = /\/system script add name=(\S+)/.exec(script)?.[1];
    expect(name).toBeDefined();
    expect(script).toContain(`on-event=${name} `);
    for (const t of modelFrom("ikev2-static-custom").tunnels) expect(script).not.toContain(t.psk);
  });

  it("watches tunnel 1's and tunnel 2's Oracle headends and switches only on a state change", () => {
    const m = modelFrom("ikev2-static-custom");
    const script = failoverOf(m);
    expect(script).toContain(
      `active-peers find where remote-address=${m.tunnels[0].oracleIp} state=established`,
    );
    expect(script).toContain(
      `active-peers find where remote-address=${m.tunnels[1].oracleIp} state=established`,
    );
    // to tunnel 2 only when tunnel 1 is down, tunnel 2 up and the standby still off; back when tunnel 1 is up
    expect(script).toMatch(
      /:if \(\(\$up1 = 0\) && \(\$up2 > 0\) && \(\$onStandby = 0\)\) do=\{\n(\/ip ipsec policy disable .*tunnel-1 .*\n)+\/ip ipsec policy enable .*standby/,
    );
    expect(script).toMatch(
      /:if \(\(\$up1 > 0\) && \(\$onStandby > 0\)\) do=\{\n\/ip ipsec policy disable .*standby.*\n(\/ip ipsec policy enable .*tunnel-1 .*\n)+/,
    );
  });

  it("toggles exactly the main script's standby policies and their tunnel 1 twins", () => {
    for (const model of Object.values(VARIANTS)) {
      const out = files(model());
      const main = out[0]?.content ?? "";
      const script = out[1]?.content ?? "";
      const all = policies(main);
      const standby = all.filter((p) => p.disabled === "yes");
      expect(standby.length).toBeGreaterThan(0);
      const standbyPattern = new RegExp(/comment~"([^"]+standby)"\]$/m.exec(script)?.[1] ?? "^$");
      expect(all.filter((p) => standbyPattern.test(p.comment))).toEqual(standby);
      for (const [, pattern = "", src, dst] of script.matchAll(
        /policy disable \[find where comment~"([^"]+)" src-address=(\S+) dst-address=(\S+)\]/g,
      )) {
        const hit = all.filter((p) => new RegExp(pattern).test(p.comment) && p.src === src && p.dst === dst);
        expect(hit).toHaveLength(1);
        expect(hit[0]?.disabled).toBe("no");
        expect(standby.some((s) => s.src === src && s.dst === dst)).toBe(true);
      }
    }
  });

  it("never disables a network only tunnel 1 carries (its traffic would leave unencrypted)", () => {
    const m = modelFrom("policy-ikev2", (s: Json) => {
      s.tunnels[0].encryptionDomainConfig.cpeTrafficSelector = ["192.168.2.0/24", "192.168.9.0/24"];
    });
    const script = failoverOf(m);
    expect(script).toContain("src-address=192.168.2.0/24 dst-address=10.0.2.0/24");
    expect(script).not.toContain("192.168.9.0/24");
  });

  it("is not rendered when tunnel 2 carries no network of tunnel 1 (nothing to move)", () => {
    const m = modelFrom("policy-ikev2", (s: Json) => {
      s.tunnels[1].encryptionDomainConfig.cpeTrafficSelector = ["192.168.9.0/24"];
    });
    expect(files(m).map((f) => f.name)).toEqual(["oci-vpn.rsc"]);
  });
});
