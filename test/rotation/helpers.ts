import { pskFingerprint } from "../../shared/core/fingerprint.ts";
import type { StoredRotationRecord } from "../../shared/ports.ts";
import { BUCKET, FINGERPRINT_KEY, type Harness } from "../oci/harness.ts";

export const BGP = "ocid1.ipsecconnection.oc1.ap-tokyo-1.aaaaaaaabgpikev1";
export const BGP_T1 = "ocid1.ipsectunnel.oc1.ap-tokyo-1.aaaaaaaabgpikev1tunnel1";
export const BGP_T2 = "ocid1.ipsectunnel.oc1.ap-tokyo-1.aaaaaaaabgpikev1tunnel2";
export const STATIC = "ocid1.ipsecconnection.oc1.ap-tokyo-1.aaaaaaaastaticikev1";
export const STATIC_T1 = "ocid1.ipsectunnel.oc1.ap-tokyo-1.aaaaaaaastaticikev1tunnel1";
export const STATIC_T2 = "ocid1.ipsectunnel.oc1.ap-tokyo-1.aaaaaaaastaticikev1tunnel2";
export const COMPARTMENT = "ocid1.compartment.oc1..aaaaaaaaexamplecompartment";

type Json = Record<string, unknown>;

/**
 * Seeds a sample with both tunnels `UP` (and their BGP sessions `UP`): the state in which a rotation is allowed.
 * `edit` changes the raw snapshot before seeding (e.g. one tunnel DOWN).
 */
export function seedHealthy(h: Harness, name: string, edit?: (raw: Json) => void) {
  return h.seed(name, (raw) => {
    for (const t of raw.tunnels as Json[]) {
      t.status = "UP";
      const bgp = t.bgpSessionInfo as Json | null | undefined;
      if (bgp) bgp.bgpState = "UP";
    }
    edit?.(raw);
  });
}

/** The raw tunnel `index` (0-based) of a sample snapshot, for `edit`. */
export function tunnelAt(raw: Json, index: number): Json {
  const t = (raw.tunnels as Json[])[index];
  if (!t) throw new Error(`no tunnel ${index}`);
  return t;
}

/** The connection's `state.json` as stored in the fake bucket (null when none). */
export function stateOf(h: Harness, connectionId: string): Json | null {
  const body = h.fake.buckets.get(BUCKET)?.objects.get(`connections/${connectionId}/state.json`)?.body;
  return body ? (JSON.parse(body) as Json) : null;
}

/** A stored object's body. */
export function objectBody(h: Harness, objectName: string): string {
  const body = h.fake.buckets.get(BUCKET)?.objects.get(objectName)?.body;
  if (body === undefined) throw new Error(`no object ${objectName}`);
  return body;
}

/** PAR ids in the fake bucket. */
export function parIds(h: Harness): string[] {
  return [...(h.fake.buckets.get(BUCKET)?.pars.keys() ?? [])].sort();
}

/** The keyed fingerprint rotation records for one tunnel's key. */
export function tunnelPrint(tunnelId: string, psk: string): string {
  return pskFingerprint(FINGERPRINT_KEY, { [tunnelId]: psk });
}

/**
 * Writes a `rotation` section into the connection's stored `state.json` (as an earlier run would have), with a
 * new etag so the function's If-Match sees a changed document.
 */
export function recordRotation(h: Harness, connectionId: string, rotation: StoredRotationRecord): void {
  const object = h.fake.buckets.get(BUCKET)?.objects.get(`connections/${connectionId}/state.json`);
  if (!object) throw new Error("no state.json: render the connection first");
  const state = JSON.parse(object.body) as Json;
  object.body = JSON.stringify({ ...state, rotation });
  object.etag = h.fake.newEtag();
}

/** Days before the harness clock's start, as an ISO time. */
export function daysAgo(h: Harness, days: number): string {
  return new Date(h.clock.now().getTime() - days * 86_400_000).toISOString();
}

/** Requests that change something at the fake (any service): what a dry run or a refusal must not send. */
export function writes(h: Harness) {
  return h.fake.requests.filter((r) => r.method !== "GET" && r.method !== "HEAD");
}
