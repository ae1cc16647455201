/**
 * Names and tags of the resources setup creates. Every resource carries the freeform tags below, which is how a
 * later run (and teardown) recognises it even after someone renamed it; the name is the fallback for resources
 * created by hand before setup ran.
 */

/** Tag whose value is the install name (`--name`, default `tunnelsmith`): several installs can share a tenancy. */
export const TAG_INSTALL = "tunnelsmith-setup";
/** Tag saying what the resource is for (`alerts-topic`, `events-rule`, …). */
export const TAG_ROLE = "tunnelsmith-role";
/** Tag holding the network compartment a per-compartment resource (rule, alarm, schedule) serves. */
export const TAG_SCOPE = "tunnelsmith-scope";

/** Default install name (`--name`). */
export const DEFAULT_INSTALL_NAME = "tunnelsmith";
/** Default bucket name (`--bucket`). */
export const DEFAULT_BUCKET = "tunnelsmith-configs";

/** The roles, one per kind of thing setup makes. */
export const ROLES = {
  bucket: "config-bucket",
  alertsTopic: "alerts-topic",
  alarmTopic: "alarm-topic",
  subscription: "subscription",
  rule: "events-rule",
  alarm: "tunnel-alarm",
  sweep: "sweep-schedule",
  rotation: "rotation-schedule",
  dynamicGroup: "dynamic-group",
  policy: "policy",
  queue: "sweep-queue",
  shardWorker: "shard-worker-schedule",
  alertPublisher: "alert-publisher-schedule",
} as const;

/** The tags of one resource. */
export function tagsFor(install: string, role: string, scope?: string): Record<string, string> {
  return { [TAG_INSTALL]: install, [TAG_ROLE]: role, ...(scope ? { [TAG_SCOPE]: scope } : {}) };
}

/** Whether `tags` carry every tag in `wanted` with the same value. */
export function hasTags(tags: Record<string, string>, wanted: Record<string, string>): boolean {
  return Object.entries(wanted).every(([k, v]) => tags[k] === v);
}

/**
 * A per-compartment resource's name: plain when it serves the compartment it lives in (the usual single-compartment
 * install), otherwise suffixed with the end of the served compartment's OCID so the Console lists distinct names.
 */
export function scopedName(base: string, scope: string, home: string): string {
  if (scope === home) return base;
  return `${base}-${scope.slice(-8).replace(/[^A-Za-z0-9]/g, "")}`;
}

/** The name of setup's lifecycle rule on the bucket: lifecycle policies carry no tags, so it is found by name. */
export function lifecycleRuleName(install: string): string {
  return `${install}-delete-old-versions`;
}
