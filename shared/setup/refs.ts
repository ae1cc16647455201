import type { SpecValue } from "./types.ts";

/**
 * References between resources. The alarm needs the alarm topic's OCID, the function's configuration the alert
 * topic's, a subscription its topic's: OCIDs that do not exist before the first run. A spec therefore writes
 * `{{ref:KEY}}` where the OCID goes, and the value is resolved against the OCIDs known at the time: found ones
 * while planning, freshly created ones while executing. Strings, because policy statements embed OCIDs in text.
 */

const TOKEN = /\{\{ref:([^}]+)\}\}/g;

/** The placeholder for the OCID of the resource with `key`. */
export function ref(key: string): string {
  return `{{ref:${key}}}`;
}

/** Keys referenced anywhere in `value`. */
export function refsIn(value: SpecValue): string[] {
  const keys = new Set<string>();
  walkStrings(value, (s) => {
    for (const match of s.matchAll(TOKEN)) keys.add(match[1] ?? "");
  });
  return [...keys];
}

/**
 * `value` with every reference replaced by the OCID `ids` knows, or by `unknown(key)` for one that does not exist
 * yet (a display placeholder such as `(new topic:alerts)`, which never equals a real value, so a resource that
 * depends on a new one is always planned to change).
 */
export function resolveValue(
  value: SpecValue,
  ids: ReadonlyMap<string, string>,
  unknown: (key: string) => string = (key) => `(new ${key})`,
): SpecValue {
  if (typeof value === "string")
    return value.replace(TOKEN, (_m, key: string) => ids.get(key) ?? unknown(key));
  if (Array.isArray(value)) return value.map((v) => resolveValue(v, ids, unknown));
  if (value !== null && typeof value === "object") {
    const out: Record<string, SpecValue> = {};
    for (const [k, v] of Object.entries(value)) out[k] = resolveValue(v, ids, unknown);
    return out;
  }
  return value;
}

function walkStrings(value: SpecValue, visit: (s: string) => void): void {
  if (typeof value === "string") visit(value);
  else if (Array.isArray(value)) for (const v of value) walkStrings(v, visit);
  else if (value !== null && typeof value === "object")
    for (const v of Object.values(value)) walkStrings(v, visit);
}

/** Structural equality of two values; object key order does not matter. */
export function sameValue(a: SpecValue | undefined, b: SpecValue | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => sameValue(v, b[i]));
  }
  if (typeof a === "object" && typeof b === "object") {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    if (ka.length !== kb.length) return false;
    return ka.every((k) => sameValue(a[k], b[k]));
  }
  return false;
}
