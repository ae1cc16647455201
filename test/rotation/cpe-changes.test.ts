import { describe, expect, it } from "vitest";
import { cpeChanges } from "../../shared/core/rotation/cpe-changes.ts";
import type { ConnectionModel } from "../../shared/model/types.ts";
import { listRenderers, renderVendor } from "../../shared/render/registry.ts";
import type { RenderedFile } from "../../shared/render/types.ts";
import type { Json } from "../helpers/json.ts";
import { loadModel } from "../helpers/samples.ts";
import { all, cbcGroup14Phases, ikeVersion, modelFrom, noNat, ROUTE_VARIANTS } from "../helpers/variants.ts";

/** Algorithms every vendor supports, and router-style interface names, so the fussier vendors render too. */
function compatible(wan: string, lan: string) {
  return (s: Json) => {
    cbcGroup14Phases(s);
    s.site.wanInterface = wan;
    s.site.lanInterface = lan;
  };
}

const MODELS: Record<string, () => ConnectionModel> = {
  ...ROUTE_VARIANTS,
  "static-compatible-wan1": () => modelFrom("static-ikev1", compatible("wan1", "internal")),
  "bgp-compatible-wan1": () => modelFrom("bgp-ikev1", compatible("wan1", "internal")),
  "static-compatible-eth": () => modelFrom("static-ikev1", compatible("eth0", "eth1")),
  "static-compatible-ix": () => modelFrom("static-ikev1", compatible("GigaEthernet0.0", "GigaEthernet1.0")),
  "bgp-compatible-ix": () => modelFrom("bgp-ikev1", compatible("GigaEthernet0.0", "GigaEthernet1.0")),
  "static-compatible-lan-direct": () =>
    modelFrom("static-ikev1", all(compatible("lan2", "lan1"), ikeVersion("V2"), noNat)),
  "static-compatible-gi-direct": () =>
    modelFrom(
      "static-ikev1",
      all(compatible("GigabitEthernet1", "GigabitEthernet2"), ikeVersion("V2"), noNat),
    ),
};

/** Every vendor × routing/IKE/NAT variant that renders (some vendors cannot express some: their own tests). */
const cases = Object.entries(MODELS)
  .flatMap(([variant, build]) =>
    listRenderers().flatMap((r) => {
      const model = build();
      try {
        return [{ vendor: r.id, variant, model, files: renderVendor(model, r.id) }];
      } catch {
        return [];
      }
    }),
  )
  .filter((c) => c.files.some((f) => f.secret));

describe("what to change on the CPE after a rotation", () => {
  it("covers every vendor that writes PSKs (all but the GRE one)", () => {
    const covered = new Set(cases.map((c) => c.vendor));
    expect(
      listRenderers()
        .filter((r) => !covered.has(r.id))
        .map((r) => r.id),
    ).toEqual(["linux-gre"]);
  });

  it.each(cases.map((c) => [c.vendor, c.variant, c] as const))(
    "%s / %s: finds the rotated tunnel's key lines and shows them without any key",
    (_vendor, _variant, c) => {
      for (const rotated of c.model.tunnels) {
        const changes = cpeChanges(c.model, c.files, rotated.id);
        const secretFiles = c.files.filter((f) => f.secret && f.content.includes(rotated.psk));
        expect(changes.map((f) => f.name).sort()).toEqual(secretFiles.map((f) => f.name).sort());
        for (const change of changes) {
          expect(change.opaque).toBe(false);
          const file = c.files.find((f) => f.name === change.name) as RenderedFile;
          const lines = file.content.split("\n");
          for (const line of change.lines) {
            // What is shown of a line holds no key at all; a line shown with text is one holding the key (lines
            // that only change with it, like a hash of the settings, are pointed at without text).
            for (const t of c.model.tunnels) expect(line.text ?? "").not.toContain(t.psk);
            if (line.text !== null) expect(lines[line.number - 1]).toContain(rotated.psk);
          }
          // Every line of the real file that holds the key is pointed at, with its text.
          const holding = lines.flatMap((l, i) => (l.includes(rotated.psk) ? [i + 1] : []));
          const shown = change.lines.filter((l) => l.text !== null).map((l) => l.number);
          expect(shown).toEqual(holding);
          expect(change.lines.some((l) => l.text?.includes(`<new key of tunnel ${rotated.index}>`))).toBe(
            true,
          );
        }
      }
    },
  );

  it("Oracle's own text is named as changed without line numbers", () => {
    const model = loadModel("static-ikev1");
    const helper: RenderedFile = {
      vendor: "oci-helper",
      name: "oci-cpe-config.txt",
      content: `crypto isakmp key ${model.tunnels[0].psk} address ${model.tunnels[0].oracleIp}\n`,
      secret: true,
      installHint: "Oracle's configuration for the device",
    };
    expect(cpeChanges(model, [helper], model.tunnels[0].id)).toEqual([
      {
        vendor: "oci-helper",
        name: "oci-cpe-config.txt",
        installHint: helper.installHint,
        lines: [],
        opaque: true,
      },
    ]);
  });
});
