import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../helpers/samples.ts";

/** Readers of the image's build files for docker.test.ts: the Dockerfile's stages, .dockerignore, engines. */

export interface Instruction {
  op: string;
  args: string;
}
export interface Stage {
  from: string;
  name: string | null;
  instructions: Instruction[];
}

/** The Dockerfile's stages (comments and line continuations handled; enough for this file). */
export function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  const lines = text.replace(/\\\n/g, " ").split("\n");
  for (const raw of lines) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const [op = "", ...rest] = line.split(/\s+/);
    const args = rest.join(" ");
    if (op.toUpperCase() === "FROM") {
      const [image = "", as, name] = rest;
      stages.push({
        from: image,
        name: as?.toUpperCase() === "AS" ? (name ?? null) : null,
        instructions: [],
      });
    } else {
      stages.at(-1)?.instructions.push({ op: op.toUpperCase(), args });
    }
  }
  return stages;
}

/** Docker's .dockerignore matching: last matching pattern wins; a pattern matches a path or any of its parents. */
export function dockerignore(text: string): (path: string) => boolean {
  const literal = (s: string) => s.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  const rules = text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"))
    .map((l) => {
      const negate = l.startsWith("!");
      const body = (negate ? l.slice(1) : l).replace(/^\/+/, "").replace(/\/+$/, "");
      const source = body
        .split("**")
        .map((part) =>
          part
            .split("*")
            .map((s) => s.split("?").map(literal).join("[^/]"))
            .join("[^/]*"),
        )
        .join(".*");
      return { negate, re: new RegExp(`^${source}$`) };
    });
  return (path) => {
    const parts = path.split("/");
    const prefixes = parts.map((_, i) => parts.slice(0, i + 1).join("/"));
    let excluded = false;
    for (const rule of rules) if (prefixes.some((p) => rule.re.test(p))) excluded = !rule.negate;
    return excluded;
  };
}

/** Whether package.json's engines.node (`^A.B || >=C` alternatives) accepts some release of `major`. */
export function enginesAccept(major: string): boolean {
  const range = String(
    (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as PackageJson).engines?.node,
  );
  return range.split("||").some((alt) => {
    const m = /^\s*(\^|>=)(\d+)/.exec(alt);
    return m !== null && (m[1] === "^" ? Number(major) === Number(m[2]) : Number(major) >= Number(m[2]));
  });
}
interface PackageJson {
  engines?: { node?: string };
}
