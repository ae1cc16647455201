import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** The project's rule: small files with one purpose. */
const MAX_LINES = 300;

/** Every `.ts` file below `dir`. */
function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return name.endsWith(".ts") ? [path] : [];
  });
}

/** Lines as `wc -l` counts them (newline characters; a last line without one still counts). */
function lineCount(text: string): number {
  const newlines = text.split("\n").length - 1;
  return text.endsWith("\n") || text === "" ? newlines : newlines + 1;
}

/** The files below `folders` longer than `max` lines, with their length. */
function oversized(folders: readonly string[], max: number): string[] {
  return folders
    .flatMap((folder) => tsFiles(join(ROOT, folder)))
    .map((file) => ({ file: relative(ROOT, file), lines: lineCount(readFileSync(file, "utf8")) }))
    .filter((f) => f.lines > max)
    .map((f) => `${f.file}: ${f.lines} lines`);
}

describe("source file size", () => {
  it(`keeps every source file in shared/, functions/ and cli/ at ${MAX_LINES} lines or fewer`, () => {
    expect(oversized(["shared", "functions", "cli"], MAX_LINES)).toEqual([]);
  });

  it("counts lines as wc -l does and names a file over the limit", () => {
    expect(lineCount("a\nb\n")).toBe(2);
    expect(lineCount("a\nb")).toBe(2);
    expect(lineCount("")).toBe(0);
    // The check itself can fail: with a limit of 1 line every non-trivial file is named.
    expect(oversized(["shared/snapshot"], 1)).toContain(
      `shared/snapshot/schema.ts: ${lineCount(readFileSync(join(ROOT, "shared/snapshot/schema.ts"), "utf8"))} lines`,
    );
  });
});
