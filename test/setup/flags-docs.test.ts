import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { setupFlags } from "../../shared/setup/option-schema.ts";

const DEPLOY = fileURLToPath(new URL("../../docs/deploy.md", import.meta.url));

/** The rows of the `| flag | default | what |` table: every `--flag` a row names, and its default cell. */
function flagRows(text: string): { flags: string[]; defaultCell: string }[] {
  const lines = text.split("\n");
  const start = lines.findIndex((l) => l.startsWith("| flag | default |"));
  const rows: { flags: string[]; defaultCell: string }[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith("|")) break;
    const [, first = "", defaultCell = "", what = ""] = line.split("|").map((c) => c.trim());
    const flags = [...`${first} ${what}`.matchAll(/`--([a-z-]+)/g)].map((m) => m[1] ?? "");
    rows.push({ flags: [...new Set(flags)], defaultCell });
  }
  return rows;
}

/** What is wrong between the flag schemas and the table (empty: they agree). */
function mismatches(flags: Record<string, z.ZodType>, text: string): string[] {
  const rows = flagRows(text);
  const problems: string[] = [];
  for (const [flag, schema] of Object.entries(flags)) {
    const row = rows.find((r) => r.flags[0] === flag) ?? rows.find((r) => r.flags.includes(flag));
    if (!row) {
      problems.push(`--${flag} is not in the flags table`);
      continue;
    }
    // A value shown as the default must give what the schema gives when the flag is left out.
    const shown = /^`([^`-][^`]*)`$/.exec(row.defaultCell)?.[1];
    if (shown === undefined || row.flags[0] !== flag) continue;
    const fromDocs = schema.safeParse(shown);
    const fromSchema = schema.safeParse(undefined);
    if (!fromDocs.success || JSON.stringify(fromDocs.data) !== JSON.stringify(fromSchema.data))
      problems.push(`--${flag}: the table's default \`${shown}\` is not the schema's`);
  }
  return problems;
}

describe("docs/deploy.md's setup flags table", () => {
  it("names every setup flag, with the schema's defaults", () => {
    expect(mismatches(setupFlags, readFileSync(DEPLOY, "utf8"))).toEqual([]);
  });

  it("notices a missing flag and a wrong default", async () => {
    const { z } = await import("zod");
    const table = [
      "| flag | default | what |",
      "| --- | --- | --- |",
      "| `--name NAME` | `other` | the install name |",
    ].join("\n");
    expect(
      mismatches({ name: z.string().default("tunnelsmith"), color: z.string().optional() }, table),
    ).toEqual([
      "--name: the table's default `other` is not the schema's",
      "--color is not in the flags table",
    ]);
  });
});
