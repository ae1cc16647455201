import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { findCycles, importGraph } from "./import-graph.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

describe("the import graph", () => {
  it("has no cycle in functions/, shared/ or cli/ (type imports included)", () => {
    const graph = importGraph(ROOT, ["functions", "shared", "cli"]);
    expect(graph.size).toBeGreaterThan(100);
    expect(findCycles(graph)).toEqual([]);
  });

  it("finds a cycle when there is one, type-only or not", () => {
    const graph = new Map([
      ["a.ts", ["b.ts"]],
      ["b.ts", ["c.ts"]],
      ["c.ts", ["a.ts"]],
      ["d.ts", ["a.ts"]],
    ]);
    expect(findCycles(graph)).toEqual([["a.ts", "b.ts", "c.ts", "a.ts"]]);
  });

  it("sees a type-only import as an edge", () => {
    const graph = importGraph(ROOT, ["shared/model"]);
    expect(graph.get("shared/model/build.ts")).toContain("shared/snapshot/schema.ts");
  });
});
