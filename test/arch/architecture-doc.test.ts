import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** The README's "Architecture" section, up to the next `## ` heading. */
function architectureSection(readme: string): string {
  const start = readme.indexOf("\n## Architecture\n");
  if (start < 0) return "";
  const end = readme.indexOf("\n## ", start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

const folders = (dir: string) =>
  readdirSync(join(ROOT, dir)).filter(
    (name) => !name.startsWith(".") && statSync(join(ROOT, dir, name)).isDirectory(),
  );

/** The folders (as `name/` code spans) that the section does not mention. */
function unnamed(section: string, paths: readonly string[]): string[] {
  return paths.filter((p) => !section.includes(`\`${p}/\``));
}

describe("the README's Architecture section", () => {
  const section = architectureSection(readFileSync(join(ROOT, "README.md"), "utf8"));

  it("names every folder of shared/ and the top-level source folders", () => {
    const shared = folders("shared").map((f) => `shared/${f}`);
    const top = ["functions", "cli", "templates", "events", "test", "bench"];
    expect(unnamed(section, [...top, ...shared])).toEqual([]);
  });

  it("names only folders that exist", () => {
    const firstCells = section
      .split("\n")
      .filter((line) => line.startsWith("| `"))
      .map((line) => line.split("|")[1] ?? "");
    const named = firstCells.flatMap((cell) => [...cell.matchAll(/`([a-z/-]+)\/`/g)].map((m) => m[1] ?? ""));
    expect(named.length).toBeGreaterThan(10);
    const exists = (p: string) => {
      try {
        return statSync(join(ROOT, p)).isDirectory();
      } catch {
        return false;
      }
    };
    expect(named.filter((p) => !exists(p))).toEqual([]);
  });

  it("notices a folder that is not named", () => {
    expect(unnamed("`shared/core/`", ["shared/core", "shared/new"])).toEqual(["shared/new"]);
  });
});
