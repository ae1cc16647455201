import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildModels } from "../../shared/model/build.ts";
import type { ConnectionModel } from "../../shared/model/types.ts";
import { parseSnapshot } from "../../shared/snapshot/parse.ts";
import type { Snapshot } from "../../shared/snapshot/schema.ts";

/** Repository root (tests run from it). */
export const ROOT = process.cwd();
export const EVENTS_DIR = join(ROOT, "events");
export const SNAPSHOT_DIR = join(EVENTS_DIR, "snapshots");

/** The sample snapshots shipped in events/snapshots. */
export const SAMPLE_SNAPSHOTS = ["static-ikev1", "bgp-ikev1", "ikev2-static-custom", "policy-ikev2"] as const;
export type SampleSnapshot = (typeof SAMPLE_SNAPSHOTS)[number];

/** Raw JSON of a sample snapshot (a fresh copy each call, safe to mutate). */
export function rawSnapshot(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(SNAPSHOT_DIR, `${name}.json`), "utf8")) as Record<string, unknown>;
}

export function loadSnapshot(name: string): Snapshot {
  return parseSnapshot(rawSnapshot(name), `${name}.json`);
}

export function loadModel(name: string): ConnectionModel {
  const [model] = buildModels([loadSnapshot(name)]);
  if (!model) throw new Error("no model");
  return model;
}

/** A sample event from events/ by file name without `.json`. */
export function loadEvent(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(EVENTS_DIR, `${name}.json`), "utf8")) as Record<string, unknown>;
}
