import { ConfigError } from "../errors.ts";
import { createEnvReader, type Env } from "./env.ts";
import { type OciEndpoints, type OciReaderSettings, readOciReaderSettings } from "./settings-oci.ts";

/**
 * What `tunnelsmith setup` / `teardown` read from the environment: the OCI config file and profile, the retry
 * settings and endpoint overrides the function uses, plus endpoint overrides for the control-plane services only
 * setup talks to (dedicated regions, private endpoints, tests).
 *
 * | variable | service | client appends |
 * | --- | --- | --- |
 * | `TUNNELSMITH_ENDPOINT_IDENTITY` | IAM (dynamic group, policy; `--iam` only) | `/20160918` |
 * | `TUNNELSMITH_ENDPOINT_EVENTS` | Events (rules) | `/20181201` |
 * | `TUNNELSMITH_ENDPOINT_MONITORING` | Monitoring (alarms) | `/20180401` |
 * | `TUNNELSMITH_ENDPOINT_RESOURCE_SCHEDULER` | Resource Scheduler (schedules) | `/20240430` |
 * | `TUNNELSMITH_ENDPOINT_FUNCTIONS` | Functions management (the function's configuration) | `/20181201` |
 *
 * `TUNNELSMITH_ENDPOINT_OBJECTSTORAGE` and `TUNNELSMITH_ENDPOINT_NOTIFICATIONS` (topics and subscriptions too) are
 * shared with the function (see settings-oci.ts).
 */
export interface SetupEndpoints extends OciEndpoints {
  identity: string | null;
  events: string | null;
  monitoring: string | null;
  resourceScheduler: string | null;
  functions: string | null;
}

/** Setup's settings: the reader's (auth, retries, Oracle CIDRs) with the longer endpoint list. */
export interface SetupSettings extends OciReaderSettings {
  endpoints: SetupEndpoints;
}

const ENDPOINT = /^https?:\/\/[A-Za-z0-9.:[\]-]+(\/[A-Za-z0-9._~/-]*)?$/;

/** Reads setup's settings, failing with every problem listed. */
export function readSetupSettings(env: Env): SetupSettings {
  const r = createEnvReader(env);
  const reader = readOciReaderSettings(r, env);
  // Same rule as the function's endpoint overrides: an http(s) origin with an optional path.
  const endpoint = (key: string): string | null => {
    const value = r.optional(key);
    if (value === null) return null;
    if (!ENDPOINT.test(value)) {
      r.problem(
        key,
        `must be an http(s) URL like https://events.ap-tokyo-1.oci.oraclecloud.com (got "${value}")`,
      );
      return null;
    }
    return value.replace(/\/+$/, "");
  };
  const endpoints: SetupEndpoints = {
    ...reader.endpoints,
    identity: endpoint("TUNNELSMITH_ENDPOINT_IDENTITY"),
    events: endpoint("TUNNELSMITH_ENDPOINT_EVENTS"),
    monitoring: endpoint("TUNNELSMITH_ENDPOINT_MONITORING"),
    resourceScheduler: endpoint("TUNNELSMITH_ENDPOINT_RESOURCE_SCHEDULER"),
    functions: endpoint("TUNNELSMITH_ENDPOINT_FUNCTIONS"),
  };
  if (r.issues.length > 0) throw new ConfigError(r.issues);
  return { ...reader, endpoints };
}
