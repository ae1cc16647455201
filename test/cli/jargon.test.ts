import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/samples.ts";

/** Every text file below `dir` (no dot folders). */
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (name.startsWith(".")) return [];
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

describe("no internal jargon in what users read (issue 18.7)", () => {
  it('README, docs, cli, shared, events and templates never say "seed 000" or "the seeds": the scenario is named instead', () => {
    const places = ["README.md", "docs", "cli", "shared", "events", "templates"].flatMap((p) => {
      const path = join(ROOT, p);
      return statSync(path).isDirectory() ? files(path) : [path];
    });
    expect(places.length).toBeGreaterThan(50);
    const hits = places.flatMap((path) =>
      readFileSync(path, "utf8")
        .split("\n")
        .flatMap((line, i) => (/\bseeds?\b/i.test(line) ? [`${relative(ROOT, path)}:${i + 1}`] : [])),
    );
    expect(hits).toEqual([]);
  });
});
