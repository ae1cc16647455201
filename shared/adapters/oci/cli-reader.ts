import type { Env } from "../../config/env.ts";
import { readOciReaderSettings } from "../../config/settings-oci.ts";
import { systemClock } from "../../core/clock.ts";
import { ConfigError, type ValidationIssue } from "../../errors.ts";
import type { Logger } from "../../logger.ts";
import type { NetworkReader } from "../../ports.ts";
import { createAuthProvider } from "./auth.ts";
import { createOciClients } from "./clients.ts";
import { createOciNetworkReader } from "./network-reader.ts";
import { bindLimits, DEFAULT_DEADLINE_MARGIN_MS } from "./request-limits.ts";
import { retryConfiguration } from "./retry.ts";

/** How long a CLI read may take in all, retries included. */
const CLI_TIMEOUT_MS = 120_000;

/**
 * The OCI network reader for the CLI (`snapshot --ipsec`, `render --ipsec`): the OCI config file
 * (`OCI_CONFIG_FILE`, `OCI_CLI_PROFILE`), the same endpoint overrides and Oracle-CIDR setting as the function,
 * no bucket or topic needed. It does not wait for a provisioning connection: the engineer can run it again.
 */
export function createCliNetworkReader(env: Env, logger: Logger): NetworkReader {
  const issues: ValidationIssue[] = [];
  const settings = readOciReaderSettings(env, issues);
  if (settings === null || issues.length > 0) throw new ConfigError(issues);
  const requestTimeoutMs = settings.requestTimeoutSeconds * 1000;
  const clients = createOciClients(createAuthProvider(settings.auth), settings.endpoints, requestTimeoutMs);
  const deadline = new Date(systemClock.now().getTime() + CLI_TIMEOUT_MS);
  const limits = {
    perRequestMs: requestTimeoutMs,
    deadline,
    marginMs: DEFAULT_DEADLINE_MARGIN_MS,
    clock: systemClock,
  };
  const reader = createOciNetworkReader({
    client: clients.network,
    retry: retryConfiguration({
      maxAttempts: settings.retryMaxAttempts,
      maxDelaySeconds: settings.retryMaxDelaySeconds,
      deadline,
      clock: systemClock,
    }),
    clock: systemClock,
    deadline,
    logger,
    oracleCidrs: settings.oracleCidrs,
  });
  return bindLimits(limits, reader);
}
