import type { ValidationIssue } from "../errors.ts";

/** The environment as handed to the loaders (process.env, or Fn's config which it passes as env). */
export type Env = Record<string, string | undefined>;

/**
 * Small readers over an environment that collect problems instead of throwing, so the settings loader can
 * report every missing or malformed key in one error.
 */
export interface EnvReader {
  /** The trimmed value, or `fallback` when unset or blank. */
  text(key: string, fallback: string): string;
  /** The trimmed value, or null when unset or blank. */
  optional(key: string): string | null;
  /** A required value; records "is not set" when missing. */
  required(key: string): string;
  /** A number in [min, max]; records a problem (and returns the fallback) otherwise. */
  number(key: string, fallback: number, min: number, max: number): number;
  /** A comma- or space-separated list, each item checked by `valid` (a message, or null); `fallback` when unset. */
  list(key: string, fallback: readonly string[], valid: (v: string) => string | null): string[];
  /** Records a problem for `key`. */
  problem(key: string, message: string): void;
  readonly issues: ValidationIssue[];
}

export function createEnvReader(env: Env): EnvReader {
  const issues: ValidationIssue[] = [];
  const optional = (key: string) => env[key]?.trim() || null;
  const reader: EnvReader = {
    issues,
    text: (key, fallback) => optional(key) ?? fallback,
    optional,
    required(key) {
      const value = optional(key);
      if (value === null) issues.push({ path: key, message: "is not set" });
      return value ?? "";
    },
    number(key, fallback, min, max) {
      const raw = optional(key);
      if (raw === null) return fallback;
      const n = Number(raw);
      if (!Number.isFinite(n) || n < min || n > max) {
        issues.push({ path: key, message: `must be a number from ${min} to ${max} (got "${raw}")` });
        return fallback;
      }
      return n;
    },
    list(key, fallback, valid) {
      const raw = optional(key);
      if (raw === null) return [...fallback];
      const values = raw.split(/[\s,]+/).filter(Boolean);
      for (const v of values) {
        const problem = valid(v);
        if (problem) issues.push({ path: key, message: problem });
      }
      return values;
    },
    problem(key, message) {
      issues.push({ path: key, message });
    },
  };
  return reader;
}
