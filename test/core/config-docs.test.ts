import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { ENV_SURFACES } from "../../shared/config/env-schema.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** One row of a configuration table: the variable, its default cell (null: the table has no such column). */
interface DocRow {
  file: string;
  name: string;
  defaultCell: string | null;
}

const cells = (line: string) =>
  line
    .trim()
    .replace(/^\||\|$/g, "")
    .split("|")
    .map((c) => c.trim());

/** Every row of every `| variable | … |` table in `text`. */
function configRows(file: string, text: string): DocRow[] {
  const rows: DocRow[] = [];
  let columns: string[] | null = null;
  for (const line of text.split("\n")) {
    if (!line.startsWith("|")) {
      columns = null;
      continue;
    }
    const row = cells(line);
    if (columns === null) {
      columns = row[0] === "variable" ? row : [];
      continue;
    }
    const name = /^`([A-Z][A-Z0-9_]+)`$/.exec(row[0] ?? "")?.[1];
    if (columns.length === 0 || name === undefined) continue;
    const at = columns.indexOf("default");
    rows.push({ file, name, defaultCell: at < 0 ? null : (row[at] ?? "") });
  }
  return rows;
}

/** A schema's default as the docs write it (`7`, `a,b`), null when it has none (optional or required). */
function documentedDefault(schema: z.ZodType): string | null {
  const parsed = schema.safeParse(undefined);
  if (!parsed.success || parsed.data === null || parsed.data === undefined) return null;
  return Array.isArray(parsed.data) ? parsed.data.join(",") : String(parsed.data);
}

/** What is wrong between the schemas' variables and the documentation's rows (empty: they agree). */
function mismatches(schemas: Record<string, z.ZodObject>, rows: readonly DocRow[]): string[] {
  const problems: string[] = [];
  const vars = new Map<string, string | null>();
  for (const schema of Object.values(schemas)) {
    for (const [name, field] of Object.entries(schema.shape))
      vars.set(name, documentedDefault(field as z.ZodType));
  }
  for (const [name, fallback] of vars) {
    const documented = rows.filter((r) => r.name === name);
    if (documented.length === 0) {
      problems.push(`${name} is in no configuration table`);
      continue;
    }
    const shown = documented.filter((r) => r.defaultCell?.startsWith("`"));
    for (const row of shown) {
      const value = /^`([^`]*)`/.exec(row.defaultCell ?? "")?.[1] ?? "";
      if (fallback === null) problems.push(`${row.file}: ${name} shows default \`${value}\`; it has none`);
      else if (value !== fallback)
        problems.push(`${row.file}: ${name} shows default \`${value}\`; the schema's is \`${fallback}\``);
    }
    if (fallback !== null && shown.length === 0)
      problems.push(`${name}: no table shows its default \`${fallback}\``);
  }
  for (const row of rows) {
    if (!vars.has(row.name) && row.name.startsWith("TUNNELSMITH_"))
      problems.push(`${row.file}: ${row.name} is documented but no schema reads it`);
  }
  return problems;
}

function docRows(): DocRow[] {
  const files = ["README.md", ...readdirSync(join(ROOT, "docs")).map((f) => `docs/${f}`)];
  return files
    .filter((f) => f.endsWith(".md"))
    .flatMap((f) => configRows(f, readFileSync(join(ROOT, f), "utf8")));
}

describe("the configuration tables (README.md, docs/*.md)", () => {
  it("name every variable of the env schemas, with the schemas' defaults", () => {
    expect(mismatches(ENV_SURFACES, docRows())).toEqual([]);
  });

  it("reports a missing variable, a wrong default and a variable no schema reads", async () => {
    const { z } = await import("zod");
    const { number, optional, withDefault } = await import("../../shared/config/env.ts");
    const schema = z.object({
      TUNNELSMITH_A: withDefault(number(1, 9), 3),
      TUNNELSMITH_B: optional(z.string()),
      TUNNELSMITH_C: withDefault(z.string(), "x"),
    });
    const rows = configRows(
      "t.md",
      [
        "| variable | default | meaning |",
        "| --- | --- | --- |",
        "| `TUNNELSMITH_A` | `4` | a |",
        "| `TUNNELSMITH_B` | `y` | b |",
        "| `TUNNELSMITH_D` | unset | d |",
      ].join("\n"),
    );
    expect(mismatches({ s: schema }, rows)).toEqual([
      "t.md: TUNNELSMITH_A shows default `4`; the schema's is `3`",
      "t.md: TUNNELSMITH_B shows default `y`; it has none",
      "TUNNELSMITH_C is in no configuration table",
      "t.md: TUNNELSMITH_D is documented but no schema reads it",
    ]);
  });
});
