import { describe, expect, it } from "vitest";
import { CapabilityError, SnapshotValidationError } from "../../shared/errors.ts";
import { listRenderers, renderVendor } from "../../shared/render/registry.ts";
import { assertSingleLineValues, renderTemplate } from "../../shared/render/templates.ts";
import type { Json } from "../helpers/json.ts";
import { all, modelFrom, nativeInterfaces } from "../helpers/variants.ts";

/** Display names an attacker (or an unlucky colleague) could give an OCI resource. */
const HOSTILE = [
  'x"\nconn evil\n\tright=%any',
  "}}{{{psk}}}{{/conns}}",
  "a\r\nrouter bgp 666\r\n neighbor 6.6.6.6 remote-as 666",
  "'; /system reset-configuration; '",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal shell expansion is the attack being tested
  "$(reboot) `id` ${PATH} [:put x]",
  "<script>&amp;</script>",
  "\u2028line separator\u0000nul",
];

function hostileNames(name: string) {
  return (s: Json) => {
    s.ipsecConnection.displayName = name;
    s.cpe.displayName = name;
    for (const t of s.tunnels) t.displayName = name;
  };
}

describe("template injection", () => {
  for (const vendor of listRenderers().map((r) => r.id)) {
    for (const base of ["static-ikev1", "bgp-ikev1", "policy-ikev2"]) {
      it(`${vendor}/${base}: hostile display names never start a new line or survive unsanitised`, () => {
        for (const name of HOSTILE) {
          const clean = modelFrom(base, nativeInterfaces(vendor));
          const hostile = modelFrom(base, all(nativeInterfaces(vendor), hostileNames(name)));
          let files: ReturnType<typeof renderVendor>;
          let cleanFiles: ReturnType<typeof renderVendor>;
          try {
            cleanFiles = renderVendor(clean, vendor);
            files = renderVendor(hostile, vendor);
          } catch (error) {
            // A vendor that cannot render this routing mode at all is safe by construction.
            expect(error).toBeInstanceOf(CapabilityError);
            continue;
          }
          expect(files.map((f) => f.name)).toEqual(cleanFiles.map((f) => f.name));
          for (const [i, f] of files.entries()) {
            // Names only ever appear inside comments/descriptions: same number of lines as with clean names.
            expect(f.content.split("\n").length).toBe(cleanFiles[i]?.content.split("\n").length);
            expect(f.content).not.toMatch(
              /^\s*(conn evil|right=%any|router bgp 666|neighbor 6\.6\.6\.6|\/system reset)/m,
            );
            // Shell, quote and markup characters of a name are replaced, so they cannot close a quote anywhere.
            expect(f.content).not.toMatch(/\$\(reboot|`id`|'; \/system|x"|<script>|\u2028/);
            expect(f.content).not.toContain("\u0000");
            expect(f.content).not.toContain("&amp;amp;"); // no HTML escaping either
          }
        }
      });
    }
  }

  it("rejects hostile values in validated fields instead of sanitising them", () => {
    const cases: ((s: Json) => void)[] = [
      (s) => {
        s.tunnels[0].vpnIp = "203.0.113.10\nconn evil";
      },
      (s) => {
        s.site.wanInterface = "eth0\nnet.ipv4.ip_forward=0";
      },
      (s) => {
        s.ipsecConnection.staticRoutes = ["10.0.0.0/8 nexthop dev evil"];
      },
      (s) => {
        s.sharedSecrets[s.tunnels[0].id] = 'k"\n%any %any : PSK "x';
      },
    ];
    for (const edit of cases) expect(() => modelFrom("static-ikev1", edit)).toThrow(SnapshotValidationError);
  });

  it("refuses any multi-line or control-character value that reaches a view", () => {
    expect(() => assertSingleLineValues({ a: [{ b: "ok" }, { c: "two\nlines" }] })).toThrow(
      /view\.a\[1\]\.c/,
    );
    expect(() => renderTemplate("libreswan", "oci-ipsec.secrets", { secrets: [{ psk: "x\ty" }] })).toThrow(
      /unsafe value/,
    );
  });

  it("does not HTML-escape configuration text", () => {
    const out = renderTemplate("frr", "frr.conf", {
      connectionLabel: "A&B <lab>",
      connectionId: "x",
      cpeLabel: "c",
      customerAsn: 65000,
      routerId: "192.0.2.1",
      neighbors: [],
      networks: [],
      staticRoutes: [],
    });
    expect(out).toContain("A&B <lab>");
  });
});
