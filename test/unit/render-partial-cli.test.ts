import { mkdtemp, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CliIo } from "../../cli/io.ts";
import { runCli } from "../../cli/main.ts";
import { SNAPSHOT_DIR } from "../helpers/samples.ts";

describe("tunnelsmith render with several --vendor", () => {
  it("writes every vendor that renders, lists every refusal, and exits 2", async () => {
    const out = await mkdtemp(join(tmpdir(), "ts-render-partial-"));
    const err: string[] = [];
    const io: CliIo = { out: () => {}, err: (t) => void err.push(t), env: {} };
    const vendors = ["libreswan", "juniper-srx", "strongswan", "paloalto"];
    const code = await runCli(
      [
        "render",
        "--snapshot",
        join(SNAPSHOT_DIR, "static-ikev1.json"),
        ...vendors.flatMap((v) => ["--vendor", v]),
        "--out",
        out,
      ],
      io,
    );
    expect(code).toBe(2);
    expect((await readdir(out)).sort()).toEqual(["libreswan", "strongswan"]);
    const text = err.join("\n");
    expect(text).toMatch(/juniper-srx: .*site\.wanInterface/);
    expect(text).toMatch(/paloalto: .*site\.wanInterface.*ethernet1\/1/);
    expect(text).toContain("2 vendor render(s) refused");
  });
});
