import { describe, expect, it } from "vitest";
import type { CliIo } from "../../cli/io.ts";
import { runCli } from "../../cli/main.ts";
import { CapabilityError, ValidationError } from "../../shared/errors.ts";
import { interfaceIssues } from "../../shared/render/interfaces.ts";
import { getRenderer, listRenderers, renderVendor } from "../../shared/render/registry.ts";
import type { Json } from "../helpers/json.ts";
import { SNAPSHOT_DIR } from "../helpers/samples.ts";
import {
  all,
  cbcGroup14Phases,
  ikeVersion,
  modelFrom,
  nativeInterfaces,
  noNat,
} from "../helpers/variants.ts";

/** A spelling from another OS that each vendor's grammar must refuse. */
const FOREIGN: Record<string, string> = {
  "juniper-srx": "ens3",
  paloalto: "ens3",
  "cisco-iosxe": "pppoe-out1",
  "nec-ix": "GigabitEthernet1",
  "yamaha-rtx": "ge-0/0/0.0",
  fortigate: "ge-0/0/0.0",
  routeros: "ethernet1/1",
  vyos: "ge-0/0/0.0",
  libreswan: "GigabitEthernet0/0/0",
  strongswan: "ethernet1/1",
  "linux-gre": "ge-0/0/0.0",
};

function withKey(psk: string, tunnel = 0) {
  return (s: Json) => {
    s.sharedSecrets[s.tunnels[tunnel].id] = psk;
  };
}

/** How each parser reads the key it was given: the device's own rule, not ours. */
const DEVICE_READS: Record<string, { extract: RegExp; decode: (written: string) => string }> = {
  // swanctl.conf(5): 0x… is hex and 0s… base64, whether quoted or not.
  strongswan: { extract: /^\s*secret = "([^"]*)"$/m, decode: strongswanDecode },
  // VyOS hands its secret to strongSwan's swanctl.conf.
  vyos: { extract: /^set vpn ipsec authentication psk OCI-T1 secret '([^']*)'$/m, decode: strongswanDecode },
  // FortiOS psksecret: a leading 0x is hex.
  fortigate: { extract: /^\s*set psksecret "([^"]*)"$/m, decode: hexOnly },
  // RouterOS secret: a leading 0x is hex, even in quotes.
  routeros: { extract: /secret="([^"]*)"/, decode: hexOnly },
  // ipsec.secrets(5): a quoted PSK is literal; only an unquoted one is decoded. The extract insists on quotes.
  libreswan: { extract: /: PSK "([^"]*)"$/m, decode: (w) => w },
};

function strongswanDecode(written: string): string {
  if (/^0x/i.test(written)) return Buffer.from(written.slice(2), "hex").toString("latin1");
  if (/^0s/i.test(written)) return Buffer.from(written.slice(2), "base64").toString("latin1");
  return written;
}

function hexOnly(written: string): string {
  return /^0x/i.test(written) ? Buffer.from(written.slice(2), "hex").toString("latin1") : written;
}

/** FortiGate renders need both ports named. */
function fortigatePorts(s: Json): void {
  s.site.wanInterface = "wan1";
  s.site.lanInterface = "internal";
}

const PSK_VENDOR_SAMPLE: Record<string, () => (s: Json) => void> = {
  strongswan: () => () => {},
  vyos: () => nativeInterfaces("vyos"),
  fortigate: () => fortigatePorts,
  routeros: () => all(ikeVersion("V2")),
  libreswan: () => () => {},
};

describe("interface names are checked against each device's own grammar (15.1)", () => {
  for (const [vendor, foreign] of Object.entries(FOREIGN)) {
    it(`${vendor} refuses site.wanInterface "${foreign}" with a validation error showing its own spelling`, () => {
      const model = modelFrom("static-ikev1", (s) => {
        s.site.wanInterface = foreign;
      });
      const rules = getRenderer(vendor).capabilities.interfaces;
      if (!rules) throw new Error(`${vendor} declares no interface grammar`);
      const err = (() => {
        try {
          renderVendor(model, vendor);
        } catch (e) {
          return e;
        }
        return null;
      })();
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).issues[0]?.path).toBe("site.wanInterface");
      expect((err as Error).message).toContain(vendor);
      expect((err as Error).message).toContain(rules.examples[0] ?? "?");
      for (const good of rules.examples) {
        const ok = modelFrom("static-ikev1", (s) => {
          s.site.wanInterface = good;
          s.site.lanInterface = good;
        });
        expect(interfaceIssues(vendor, rules, ok)).toEqual([]);
      }
    });
  }

  it("names site.lanInterface when that is the misspelt one", () => {
    const model = modelFrom("static-ikev1", (s) => {
      s.site.wanInterface = "ge-0/0/0.0";
      s.site.lanInterface = "eth1";
    });
    expect(() => renderVendor(model, "juniper-srx")).toThrow(
      /site\.lanInterface: "eth1" is not a juniper-srx/,
    );
  });

  it("the CLI exits 2 for a Linux name in a Junos render", async () => {
    const err: string[] = [];
    const io: CliIo = { out: () => {}, err: (t) => void err.push(t), env: {} };
    const code = await runCli(
      ["render", "--snapshot", `${SNAPSHOT_DIR}/static-ikev1.json`, "--vendor", "juniper-srx"],
      io,
    );
    expect(code).toBe(2);
    expect(err.join("\n")).toMatch(
      /site\.wanInterface: "ens3" is not a juniper-srx interface name.*ge-0\/0\/0\.0/,
    );
  });

  it("writes a Linux VLAN interface in sysctl's own spelling (eth0.100 → eth0/100)", () => {
    const model = modelFrom("static-ikev1", (s) => {
      s.site.wanInterface = "eth0.100";
    });
    for (const vendor of ["libreswan", "strongswan"]) {
      const sysctl = renderVendor(model, vendor).find((f) => f.name === "99-oci-vpn.conf")?.content ?? "";
      expect(sysctl).toContain("net.ipv4.conf.eth0/100.rp_filter = 0\n");
      expect(sysctl).not.toContain("eth0.100");
    }
  });
});

describe("a PSK the device would decode is written so that it reads exactly the OCI key (15.2)", () => {
  const keys = ["0x1234abcd5678ef90", "0sQmFzZTY0IGtleQ", "0X1234ABCD", "plainKey123 with space"];
  for (const [vendor, read] of Object.entries(DEVICE_READS)) {
    for (const psk of keys) {
      it(`${vendor}: "${psk}"`, () => {
        const edit = PSK_VENDOR_SAMPLE[vendor]?.() ?? (() => {});
        const model = modelFrom("static-ikev1", all(edit, withKey(psk)));
        const out = renderVendor(model, vendor)
          .filter((f) => f.secret)
          .map((f) => f.content)
          .join("\n");
        const written = read.extract.exec(out)?.[1];
        expect(written).toBeDefined();
        expect(read.decode(written ?? "")).toBe(psk);
      });
    }
  }

  it("declares the decoding parsers in the capability table, and no other vendor rewrites the key", () => {
    const decoding = listRenderers()
      .filter((r) => r.capabilities.psk.decodes.length > 0)
      .map((r) => r.id)
      .sort();
    expect(decoding).toEqual(["fortigate", "routeros", "strongswan", "vyos"]);
  });
});

describe("a PSK outside the device's limits is refused before rendering (15.3)", () => {
  const fortigate = fortigatePorts;
  const cases: [string, string, () => ReturnType<typeof modelFrom>, RegExp][] = [
    [
      "fortigate",
      "5 characters",
      () => modelFrom("static-ikev1", all(fortigate, withKey("abc12", 1))),
      /tunnel 2 .*5 characters; the device takes 6-128/,
    ],
    [
      "fortigate",
      "129 characters",
      () => modelFrom("static-ikev1", all(fortigate, withKey("a".repeat(129)))),
      /tunnel 1 .*129 characters; the device takes 6-128/,
    ],
    [
      "fortigate",
      "a 0x key whose hex form is too long",
      () => modelFrom("static-ikev1", all(fortigate, withKey(`0x${"a".repeat(62)}`))),
      /64 characters \(written as 130 hex characters/,
    ],
    [
      "cisco-iosxe",
      "a space",
      () =>
        modelFrom(
          "static-ikev1",
          all(
            nativeInterfaces("cisco-iosxe"),
            ikeVersion("V2"),
            noNat,
            cbcGroup14Phases,
            withKey("two words"),
          ),
        ),
      /tunnel 1 .*contains a space/,
    ],
    [
      "yamaha-rtx",
      "129 characters",
      () =>
        modelFrom(
          "static-ikev1",
          all(nativeInterfaces("yamaha-rtx"), cbcGroup14Phases, noNat, withKey("b".repeat(129))),
        ),
      /tunnel 1 .*the device takes 1-128/,
    ],
  ];
  for (const [vendor, what, model, message] of cases) {
    it(`${vendor} refuses ${what}, naming the tunnel and the limit and suggesting tunnelsmith rotate`, () => {
      expect(() => renderVendor(model(), vendor)).toThrow(CapabilityError);
      expect(() => renderVendor(model(), vendor)).toThrow(message);
      expect(() => renderVendor(model(), vendor)).toThrow(/tunnelsmith rotate/);
    });
  }

  it("fortigate takes a key at both ends of its range", () => {
    for (const psk of ["abc123", "c".repeat(128), `0x${"d".repeat(61)}`]) {
      expect(() =>
        renderVendor(modelFrom("static-ikev1", all(fortigate, withKey(psk))), "fortigate"),
      ).not.toThrow();
    }
  });
});
