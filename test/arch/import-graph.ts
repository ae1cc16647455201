import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";

/**
 * The project's own import graph, read with TypeScript's pre-processor: every relative `import`/`export … from`,
 * type-only imports included (a type cycle still couples the modules, and the issue's `dpdm` check counts them).
 */
export function importGraph(root: string, folders: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const folder of folders) {
    for (const file of tsFiles(join(root, folder))) {
      const info = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
      const deps = info.importedFiles
        .map((f) => f.fileName)
        .filter((name) => name.startsWith("."))
        .map((name) => relative(root, resolve(dirname(file), name)));
      graph.set(relative(root, file), deps);
    }
  }
  return graph;
}

/** Every cycle in the graph, each as the path that closes it (first module repeated at the end). */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const visit = (node: string): void => {
    if (onStack.has(node)) {
      cycles.push([...stack.slice(stack.indexOf(node)), node]);
      return;
    }
    if (done.has(node) || !graph.has(node)) return;
    stack.push(node);
    onStack.add(node);
    for (const dep of graph.get(node) ?? []) visit(dep);
    stack.pop();
    onStack.delete(node);
    done.add(node);
  };
  for (const node of [...graph.keys()].sort()) visit(node);
  return cycles;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return name.endsWith(".ts") && !name.endsWith(".d.ts") ? [path] : [];
  });
}
