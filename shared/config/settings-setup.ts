import { ConfigError, type ValidationIssue } from "../errors.ts";
import { type Env, parseEnv } from "./env.ts";
import { setupEnvSchema } from "./env-schema.ts";
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
 * | `TUNNELSMITH_ENDPOINT_QUEUE_ADMIN` | Queue admin (the sweep's work queue; `--queue` only) | `/20210201` |
 *
 * `TUNNELSMITH_ENDPOINT_OBJECTSTORAGE` and `TUNNELSMITH_ENDPOINT_NOTIFICATIONS` (topics and subscriptions too) are
 * shared with the function (see settings-oci.ts). The variables are `setupEnvSchema` (env-schema.ts).
 */
export interface SetupEndpoints extends OciEndpoints {
  identity: string | null;
  events: string | null;
  monitoring: string | null;
  resourceScheduler: string | null;
  functions: string | null;
  /** Queue's admin API (`--queue`). */
  queueAdmin: string | null;
}

/** Setup's settings: the reader's (auth, retries, Oracle CIDRs) with the longer endpoint list. */
export interface SetupSettings extends OciReaderSettings {
  endpoints: SetupEndpoints;
}

/** Reads setup's settings, failing with every problem listed. */
export function readSetupSettings(env: Env): SetupSettings {
  const issues: ValidationIssue[] = [];
  const reader = readOciReaderSettings(env, issues);
  const parsed = parseEnv(setupEnvSchema, env);
  issues.push(...parsed.issues);
  const v = parsed.data;
  if (issues.length > 0 || reader === null || v === null) throw new ConfigError(issues);
  const endpoints: SetupEndpoints = {
    ...reader.endpoints,
    identity: v.TUNNELSMITH_ENDPOINT_IDENTITY,
    events: v.TUNNELSMITH_ENDPOINT_EVENTS,
    monitoring: v.TUNNELSMITH_ENDPOINT_MONITORING,
    resourceScheduler: v.TUNNELSMITH_ENDPOINT_RESOURCE_SCHEDULER,
    functions: v.TUNNELSMITH_ENDPOINT_FUNCTIONS,
    queueAdmin: v.TUNNELSMITH_ENDPOINT_QUEUE_ADMIN,
  };
  return { ...reader, endpoints };
}
