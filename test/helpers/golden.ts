import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { expect } from "vitest";

const GOLDEN_DIR = join(process.cwd(), "test", "golden");

/**
 * Compares `actual` with the golden file `test/golden/<path>`. Run with `UPDATE_GOLDEN=1` to (re)write golden
 * files after an intended change, then review the diff in git like any other code change. A missing golden file
 * fails the test unless UPDATE_GOLDEN is set, so CI never blesses output silently.
 */
export function expectGolden(path: string, actual: string): void {
  const file = join(GOLDEN_DIR, path);
  if (process.env.UPDATE_GOLDEN === "1") {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file))
    throw new Error(`golden file ${path} is missing; run UPDATE_GOLDEN=1 npm test and review it`);
  expect(actual).toBe(readFileSync(file, "utf8"));
}
