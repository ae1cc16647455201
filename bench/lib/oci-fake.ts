import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { FakeOci, type Json } from "../../test/msw/fake-oci.ts";
import { type HttpFake, type HttpFakeOptions, startHttpFake } from "../../test/msw/http-fake.ts";
import { testIdentity } from "../../test/msw/keys.ts";

export const BUCKET = "tunnelsmith-bench";
export const TOPIC = "ocid1.onstopic.oc1.ap-tokyo-1.aaaaaaaabenchtopic";
export const COMPARTMENT = "ocid1.compartment.oc1..aaaaaaaaexamplecompartment";
const FINGERPRINT_KEY = "bench-only-fingerprint-key-0123456789abcdef";
const SHAPE = "ocid1.cpedeviceshape.oc1..aaaaaaaabenchyamaha";

/** The in-memory OCI with its bucket and topic, served over HTTP on 127.0.0.1. */
export interface BenchOci {
  fake: FakeOci;
  http: HttpFake;
  /** Environment for a function process in OCI mode against this fake. */
  env: Record<string, string>;
}

/** A fresh fake OCI (bucket, topic) on a random loopback port. */
export async function startBenchOci(options: HttpFakeOptions = {}, extraEnv: Record<string, string> = {}) {
  const fake = new FakeOci(testIdentity());
  fake.addBucket(BUCKET);
  fake.topics.add(TOPIC);
  const http = await startHttpFake(fake, () => new Date(), options);
  const env: Record<string, string> = {
    TUNNELSMITH_MODE: "oci",
    TUNNELSMITH_BUCKET: BUCKET,
    TUNNELSMITH_TOPIC_ID: TOPIC,
    TUNNELSMITH_PSK_FINGERPRINT_KEY: FINGERPRINT_KEY,
    OCI_CONFIG_FILE: testIdentity().configFile,
    TUNNELSMITH_ENDPOINT_IAAS: http.origin,
    TUNNELSMITH_ENDPOINT_OBJECTSTORAGE: http.origin,
    TUNNELSMITH_ENDPOINT_NOTIFICATIONS: http.origin,
    ...extraEnv,
  };
  return { fake, http, env } satisfies BenchOci;
}

/** A sample snapshot from events/snapshots (fresh copy). */
export function sample(root: string, name: string): Json {
  return JSON.parse(readFileSync(join(root, "events", "snapshots", `${name}.json`), "utf8")) as Json;
}

/** A sample event from events/ with the event id replaced (a new delivery of a new event). */
export function event(root: string, name: string, eventID?: string, resourceId?: string): Json {
  const e = JSON.parse(readFileSync(join(root, "events", `${name}.json`), "utf8")) as Json;
  if (eventID) e.eventID = eventID;
  if (resourceId) (e.data as Json).resourceId = resourceId;
  return e;
}

/**
 * Seeds a sample and gives its CPE a device shape with Oracle's helper text, as a CPE created in the Console
 * has: the render then also reads the shape and the helper output, the full set of calls a create can make.
 */
export function seedWithShape(fake: FakeOci, raw: Json): ReturnType<FakeOci["seedSnapshot"]> {
  const seeded = fake.seedSnapshot(raw);
  const cpe = fake.cpes.get(seeded.cpeId);
  if (cpe) cpe.cpeDeviceShapeId = SHAPE;
  fake.shapes.set(SHAPE, {
    id: SHAPE,
    cpeDeviceInfo: { vendor: "Yamaha", platformSoftwareVersion: "RTX1210" },
    parameters: [],
    template: "",
  });
  fake.helperConfigs.set(seeded.connectionId, "# Yamaha RTX configuration from OCI (benchmark)\n");
  return seeded;
}

/**
 * A copy of a sample snapshot as another site: its own connection, tunnel and CPE ids (the sample's with
 * `suffix` appended) and its own PSKs. Without `keepCidrs` it has no Oracle-side CIDRs of its own, so seeding it
 * attaches no further VCN to the shared DRG and it discovers the CIDRs the original attached.
 */
export function copySample(raw: Json, suffix: string, keepCidrs = false): Json {
  const connection = raw.ipsecConnection as Json;
  const cpe = raw.cpe as Json;
  connection.id = `${String(connection.id)}${suffix}`;
  cpe.id = `${String(cpe.id)}${suffix}`;
  connection.cpeId = cpe.id;
  const secrets: Record<string, string> = {};
  for (const t of raw.tunnels as Json[]) {
    const tunnelId = `${String(t.id)}${suffix}`;
    t.id = tunnelId;
    secrets[tunnelId] = `Bench${createHash("sha256").update(tunnelId).digest("hex").slice(0, 27)}`;
  }
  raw.sharedSecrets = secrets;
  if (!keepCidrs) raw.oracleCidrs = [];
  return raw;
}

/**
 * Seeds `count` connections for a fleet: copies of the four samples (round robin), one CPE per site. Only the
 * first copy of each sample attaches its VCN to the DRG, so STATIC connections find the same Oracle-side CIDRs
 * instead of one more VCN per copy.
 */
export function seedFleet(fake: FakeOci, root: string, count: number): string[] {
  const names = ["bgp-ikev1", "static-ikev1", "ikev2-static-custom", "policy-ikev2"];
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = names[i % names.length] ?? "bgp-ikev1";
    const raw = copySample(sample(root, name), `fleet${String(i).padStart(5, "0")}`, i < names.length);
    ids.push(fake.seedSnapshot(raw).connectionId);
  }
  return ids;
}

/** A create event for a connection id (each with its own event id). */
export function createEvent(root: string, connectionId: string, n: number): Json {
  return event(root, "create-bgp-ikev1", `bench-create-${String(n).padStart(6, "0")}`, connectionId);
}
