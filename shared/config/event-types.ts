/**
 * OCI event type strings for IPSec connections and CPEs. They follow the confirmed pattern
 * `com.oraclecloud.virtualnetwork.<lower-cased API operation>` but are **unconfirmed** for these resources, so
 * they are defaults only: set `TUNNELSMITH_RENDER_EVENT_TYPES` / `TUNNELSMITH_DELETE_EVENT_TYPES` /
 * `TUNNELSMITH_CPE_EVENT_TYPES` (comma-separated) to correct them without a code change. This file is the one
 * place they are written.
 */
export const DEFAULT_RENDER_EVENT_TYPES = [
  "com.oraclecloud.virtualnetwork.createipsecconnection",
  "com.oraclecloud.virtualnetwork.updateipsecconnection",
  "com.oraclecloud.virtualnetwork.changeipsecconnectioncompartment",
] as const;

export const DEFAULT_DELETE_EVENT_TYPES = ["com.oraclecloud.virtualnetwork.deleteipsecconnection"] as const;

/** A CPE change (new public IP, new device shape, new tags) changes every connection on it. */
export const DEFAULT_CPE_EVENT_TYPES = ["com.oraclecloud.virtualnetwork.updatecpe"] as const;

/**
 * What happened, in words for the notification title, from the last part of the event type: `…create…` →
 * "created". Works for configured (corrected) strings too, since it only looks for the verb.
 */
export function describeEventType(eventType: string): string {
  const operation = eventType.slice(eventType.lastIndexOf(".") + 1);
  if (operation.startsWith("create")) return "created";
  if (operation.startsWith("delete")) return "deleted";
  if (operation.startsWith("change") && operation.includes("compartment"))
    return "moved to another compartment";
  if (operation.endsWith("cpe")) return "re-rendered after a CPE change";
  return "updated";
}
