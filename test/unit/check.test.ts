import { describe, expect, it } from "vitest";
import type { CliIo } from "../../cli/io.ts";
import { runCli } from "../../cli/main.ts";
import { buildModels } from "../../shared/model/build.ts";
import { applyEdits, preflight } from "../../shared/render/preflight.ts";
import { listRenderers, renderVendor } from "../../shared/render/registry.ts";
import { parseSnapshot } from "../../shared/snapshot/parse.ts";
import { rawSnapshot, SAMPLE_SNAPSHOTS, SNAPSHOT_DIR } from "../helpers/samples.ts";

/** A key every device takes, standing in for what `tunnelsmith rotate` would set. */
const COMPLIANT_KEY = "K7q2Lm9Xw4Rt8Zp3Vn6Bc5Hy1Jd0Fs";

function model(raw: Record<string, unknown>) {
  const [m] = buildModels([parseSnapshot(raw, "edited")]);
  if (!m) throw new Error("no model");
  return m;
}

describe("tunnelsmith check", () => {
  for (const sample of SAMPLE_SNAPSHOTS) {
    for (const { id: vendor } of listRenderers()) {
      it(`${sample} × ${vendor}: applying every suggested change leaves no problem it could fix, and renders when all had one`, () => {
        const raw = rawSnapshot(sample);
        const problems = preflight(model(raw), vendor);
        for (const p of problems) {
          if (p.fix) applyEdits(raw, p.fix.edits);
          if (p.fix?.rotate)
            applyEdits(raw, [{ path: ["sharedSecrets", p.fix.rotate], value: COMPLIANT_KEY }]);
        }
        const after = model(raw);
        const again = preflight(after, vendor);
        expect(again.filter((p) => p.fix && (p.fix.edits.length > 0 || p.fix.rotate))).toEqual([]);
        if (again.length === 0) expect(() => renderVendor(after, vendor)).not.toThrow();
      });
    }
  }

  it("lists every problem of every tunnel and vendor at once, each with its fix, and exits 2", async () => {
    const out: string[] = [];
    const io: CliIo = { out: (t) => void out.push(t), err: () => {}, env: {} };
    const code = await runCli(
      [
        "check",
        "--snapshot",
        `${SNAPSHOT_DIR}/static-ikev1.json`,
        "--vendor",
        "cisco-iosxe",
        "--vendor",
        "libreswan",
      ],
      io,
    );
    expect(code).toBe(2);
    const text = out.join("\n");
    expect(text).toContain("libreswan: ok");
    expect(text).toContain("cisco-iosxe: 5 problems");
    expect(text).toMatch(
      /site\.wanInterface: "ens3".*\n\s+fix: set site\.wanInterface to the cisco-iosxe spelling, e\.g\. GigabitEthernet1/,
    );
    expect(text.match(/tunnel [12] .*DH group 5 is not supported/g)).toHaveLength(2);
  });

  it("exits 0 when every vendor renders", async () => {
    const io: CliIo = { out: () => {}, err: () => {}, env: {} };
    expect(
      await runCli(["check", "--snapshot", `${SNAPSHOT_DIR}/static-ikev1.json`, "--vendor", "libreswan"], io),
    ).toBe(0);
  });
});
