/**
 * OCI event type strings for IPSec connections and CPEs. They follow the confirmed pattern
 * `com.oraclecloud.virtualnetwork.<lower-cased API operation>` but are **unconfirmed** for these resources, so
 * they are defaults only: set `TUNNELSMITH_RENDER_EVENT_TYPES` / `TUNNELSMITH_DELETE_EVENT_TYPES`
 * (comma-separated) to correct them without a code change. This file is the one place they are written.
 */
export const DEFAULT_RENDER_EVENT_TYPES = [
  "com.oraclecloud.virtualnetwork.createipsecconnection",
  "com.oraclecloud.virtualnetwork.updateipsecconnection",
  "com.oraclecloud.virtualnetwork.changeipsecconnectioncompartment",
] as const;

export const DEFAULT_DELETE_EVENT_TYPES = ["com.oraclecloud.virtualnetwork.deleteipsecconnection"] as const;
