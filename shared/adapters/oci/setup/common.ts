import type * as common from "oci-common";
import { createBackoff } from "../../../core/backoff.ts";
import { AdapterError } from "../../../errors.ts";
import type { Clock } from "../../../ports.ts";
import { hasTags, TAG_INSTALL, TAG_SCOPE } from "../../../setup/names.ts";
import type { FoundResource, ResourceSpec, SpecValue } from "../../../setup/types.ts";

/** What every setup adapter gets: the SDK retry for 429/5xx (bounded by the run's deadline) and a clock. */
export interface AdapterContext {
  retry: common.RetryConfiguration;
  clock: Clock;
  deadline: Date;
  /** The backoff's jitter source (shared/core/backoff.ts); tests may pin it. Default Math.random. */
  random?: () => number;
}

/** Lifecycle states of resources that are on their way out or broken: they do not count as existing. */
const GONE = new Set(["DELETED", "DELETING", "FAILED", "TERMINATED", "TERMINATING"]);

/** Whether a lifecycle state means the resource is being deleted, is deleted or failed. */
export function isGone(state: string | null | undefined): boolean {
  return state !== null && state !== undefined && GONE.has(state);
}

/** Every page of a list call: the runtime adapters' one paging loop, re-exported for the setup adapters. */
export { listAll } from "../paging.ts";

/** A resource as a list call returns it (the adapters rename `displayName`/`topicId` to these). */
export interface Listed {
  id: string;
  name: string;
  compartmentId: string;
  lifecycleState?: string | null;
  freeformTags?: { [key: string]: string };
}

/** A listed resource as the planner sees it: found by name, with the fields the list already gives. */
export function listed(
  kind: FoundResource["kind"],
  item: Listed,
  fields: FoundResource["fields"] = {},
): FoundResource {
  return {
    id: item.id,
    kind,
    name: item.name,
    compartmentId: item.compartmentId,
    fields,
    tags: tagsOf(item.freeformTags),
    lifecycleState: item.lifecycleState ?? null,
    matchedBy: "name",
  };
}

/** Freeform tags as a plain map (the SDK types them as optional). */
export function tagsOf(tags: { [key: string]: string } | undefined): Record<string, string> {
  return { ...(tags ?? {}) };
}

/**
 * The resource for `spec` among `candidates` (already without deleted ones): the one carrying the spec's tags,
 * else one with the spec's name that is not tagged for another install or compartment. Further matches are
 * reported as duplicates and left alone.
 */
export function pick(candidates: readonly FoundResource[], spec: ResourceSpec): FoundResource | null {
  const byTag = Object.keys(spec.tags).length > 0 ? candidates.filter((c) => hasTags(c.tags, spec.tags)) : [];
  const foreign = (c: FoundResource) =>
    (c.tags[TAG_INSTALL] !== undefined && c.tags[TAG_INSTALL] !== spec.tags[TAG_INSTALL]) ||
    (c.tags[TAG_SCOPE] !== undefined && c.tags[TAG_SCOPE] !== spec.tags[TAG_SCOPE]);
  const byName = candidates.filter((c) => c.name === spec.name && !foreign(c));
  const [first, ...rest] = byTag.length > 0 ? byTag : byName;
  if (!first) return null;
  return {
    ...first,
    matchedBy: byTag.length > 0 ? "tag" : "name",
    ...(rest.length > 0 ? { duplicates: rest.map((r) => r.id) } : {}),
  };
}

/**
 * `find` for services whose list call answers summaries: {@link pick} among the compartment's summaries, then read
 * the chosen one in full (a summary lacks fields setup compares), keeping how it matched and its duplicates.
 */
export async function findFromSummaries(
  spec: ResourceSpec,
  summaries: (compartmentId: string) => Promise<FoundResource[]>,
  full: (summary: FoundResource) => Promise<FoundResource>,
): Promise<FoundResource | null> {
  const match = pick(await summaries(spec.compartmentId), spec);
  return match ? { ...(await full(match)), matchedBy: match.matchedBy, duplicates: match.duplicates } : null;
}

/** Only resources carrying the install's tag (teardown never touches anything else). */
export function taggedFor(install: string, resources: readonly FoundResource[]): FoundResource[] {
  return resources.filter((r) => r.tags[TAG_INSTALL] === install);
}

/** A field that must be a string (resolved specs carry strings where OCIDs go). */
export function text(spec: ResourceSpec, field: string): string {
  const value = spec.fields[field];
  if (typeof value !== "string") throw new Error(`internal: ${spec.key}.${field} is not a string`);
  return value;
}

/** Whether a resolved reference is a real OCID rather than the placeholder of a resource not created yet. */
export function isOcid(value: SpecValue | undefined): value is string {
  return typeof value === "string" && value.startsWith("ocid1.");
}

/** A read that answers 404 becomes null (errors.ts; re-exported for the setup adapters). */
export { orNull } from "../errors.ts";

/**
 * Waits (on the clock, with the jittered backoff of shared/core/backoff.ts: 1 s steps doubling to 8 s) until
 * `ready` says so, at most until the deadline: e.g. a new topic that must be ACTIVE before subscriptions can be
 * added.
 */
export async function waitUntil(
  ctx: AdapterContext,
  what: string,
  ready: () => Promise<boolean>,
): Promise<void> {
  const backoff = createBackoff({ firstMs: 1_000, maxMs: 8_000, random: ctx.random });
  for (;;) {
    if (await ready()) return;
    const wait = backoff.next();
    if (ctx.clock.now().getTime() + wait > ctx.deadline.getTime()) {
      throw new AdapterError("setup", `${what} did not become ready before the deadline`);
    }
    await ctx.clock.sleep(wait);
  }
}
