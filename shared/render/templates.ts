import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Mustache from "mustache";
import { TunnelsmithError } from "../errors.ts";

/**
 * Loads and renders the mustache templates under `templates/<vendor>/`. Each template is read and parsed once per
 * process (cold start pays for it once; warm invocations render from the parsed tokens).
 *
 * Configs are not HTML: escaping is turned off. Injection is prevented instead by {@link assertSingleLineValues}:
 * every string in a view must be a single line, so a value can never start a new router command; multi-line
 * content comes only from the template itself, looping over arrays.
 */

const cache = new Map<string, string>();
let templatesRoot: string | undefined;
/** Counters behind {@link templateStats}. */
const counts = { reads: 0, renders: 0 };

/** How often this process read (and parsed) a template file, and how many renders it served. */
export interface TemplateStats {
  /** Distinct templates cached. */
  templates: number;
  /** Template files read and parsed: stays equal to `templates` however many renders follow. */
  reads: number;
  renders: number;
}

/** The template cache's counters, so the benchmark can show each template is compiled once per process. */
export function templateStats(): TemplateStats {
  return { templates: cache.size, reads: counts.reads, renders: counts.renders };
}

/** A rendering failure (missing template, unsafe view value): a bug or a broken install, not user input. */
export class RenderError extends TunnelsmithError {
  constructor(message: string, options?: ErrorOptions) {
    super("RENDER_FAILED", message, options);
    this.name = "RenderError";
  }
}

/**
 * Finds the templates folder: `TUNNELSMITH_TEMPLATES_DIR`, else the nearest `templates/` above this module (the
 * source tree in development, the folder beside `dist/` in the function image).
 */
export function findTemplatesRoot(env: NodeJS.ProcessEnv = process.env): string {
  templatesRoot ??= locateTemplates(env);
  return templatesRoot;
}

function locateTemplates(env: NodeJS.ProcessEnv): string {
  const configured = env.TUNNELSMITH_TEMPLATES_DIR;
  if (configured) return resolve(configured);
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, "templates");
    if (existsSync(join(candidate, "README.md"))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new RenderError("templates folder not found; set TUNNELSMITH_TEMPLATES_DIR");
    dir = parent;
  }
}

function load(vendor: string, name: string): string {
  const key = `${vendor}/${name}`;
  let template = cache.get(key);
  if (template === undefined) {
    const path = join(findTemplatesRoot(), vendor, `${name}.mustache`);
    try {
      template = readFileSync(path, "utf8");
    } catch (error) {
      throw new RenderError(`template ${key} cannot be read at ${path}`, { cause: error });
    }
    Mustache.parse(template); // warms mustache's own token cache, keyed by the template text
    cache.set(key, template);
    counts.reads += 1;
  }
  return template;
}

/** Throws when any string reachable from `view` contains a line break or another control character. */
export function assertSingleLineValues(view: unknown, path = "view"): void {
  if (typeof view === "string") {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
    if (/[\u0000-\u001f\u007f\u2028\u2029]/.test(view)) {
      throw new RenderError(`unsafe value at ${path}: contains a line break or control character`);
    }
  } else if (Array.isArray(view)) {
    for (const [i, v] of view.entries()) assertSingleLineValues(v, `${path}[${i}]`);
  } else if (view !== null && typeof view === "object") {
    for (const [k, v] of Object.entries(view)) assertSingleLineValues(v, `${path}.${k}`);
  }
}

const noEscape = (text: string) => text;

/** Renders `templates/<vendor>/<name>.mustache` with `view`, unescaped, after checking every value is one line. */
export function renderTemplate(vendor: string, name: string, view: object): string {
  assertSingleLineValues(view);
  counts.renders += 1;
  return Mustache.render(load(vendor, name), view, undefined, { escape: noEscape });
}
