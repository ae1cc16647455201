import { z } from "zod";
import type { ValidationIssue } from "../errors.ts";

/** The environment as handed to the loaders (process.env, or Fn's config which it passes as env). */
export type Env = Record<string, string | undefined>;

/**
 * The zod pieces every configuration surface is built from (see env-schema.ts). A variable is read trimmed, and a
 * blank one counts as unset, so `FOO=` in a function's configuration means the default. Problems are collected
 * rather than thrown one by one, so a misconfigured function says everything that is wrong in one error.
 */

const clean = (value: unknown) =>
  typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;

/** A variable with a default (its one place: the surface's schema). */
export function withDefault<O>(schema: z.ZodType<O, string>, value: NoInfer<O> & {}) {
  return z.preprocess(clean, schema.default(value as z.util.NoUndefined<O>));
}

/** An optional variable: null when unset. */
export function optional<O>(schema: z.ZodType<O, string>) {
  return z.preprocess(clean, schema.nullable().default(null));
}

/** A required variable ("is not set" when missing). */
export function required<O>(schema: z.ZodType<O, string>) {
  return z.preprocess(clean, z.string({ error: "is not set" }).pipe(schema));
}

/** Any text. */
export const text = z.string();

/** Text matching `re`; `message` says what it must be. */
export function matching(re: RegExp, message: string) {
  return z.string().regex(re, { message });
}

/** One of `values`. */
export function oneOf<const T extends readonly string[]>(values: T, message: string) {
  return z.string().refine((v) => values.includes(v), { message }) as unknown as z.ZodType<T[number], string>;
}

/** A number in [min, max] (`whole`: also an integer, with its own message). */
export function number(min: number, max: number, whole?: string) {
  return z.string().transform((raw, ctx) => {
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || n > max) {
      ctx.addIssue({ code: "custom", message: `must be a number from ${min} to ${max} (got "${raw}")` });
      return z.NEVER;
    }
    if (whole !== undefined && !Number.isInteger(n)) {
      ctx.addIssue({ code: "custom", message: whole });
      return z.NEVER;
    }
    return n;
  });
}

/** A comma- or space-separated list, each item checked by `valid` (a message, or null). */
export function list(valid: (value: string) => string | null | undefined) {
  return z.string().transform((raw, ctx) => {
    const values = raw.split(/[\s,]+/).filter(Boolean);
    for (const v of values) {
      const problem = valid(v);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }
    return values;
  });
}

const URL_SHAPE = /^https?:\/\/[A-Za-z0-9.:[\]-]+(\/[A-Za-z0-9._~/-]*)?$/;

/** An http(s) endpoint override (an origin with an optional path), without trailing slashes. */
export function endpoint(example: string) {
  return z.string().transform((value, ctx) => {
    if (URL_SHAPE.test(value)) return value.replace(/\/+$/, "");
    ctx.addIssue({ code: "custom", message: `must be an http(s) URL like ${example} (got "${value}")` });
    return z.NEVER;
  });
}

/** `true` or `false`. */
export const flag = oneOf(["true", "false"] as const, 'must be "true" or "false"');

/** Parses `env` with a surface's schema: the values, or every problem (path: the variable's name). */
export function parseEnv<S extends z.ZodType>(
  schema: S,
  env: Env,
): { data: z.output<S>; issues: [] } | { data: null; issues: ValidationIssue[] } {
  const result = schema.safeParse(env);
  if (result.success) return { data: result.data, issues: [] };
  return {
    data: null,
    issues: result.error.issues.map((i) => ({ path: String(i.path[0] ?? ""), message: i.message })),
  };
}
