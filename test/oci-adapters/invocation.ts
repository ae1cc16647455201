import { createOciDependencyFactory } from "../../shared/adapters/oci/index.ts";
import { loadSettings } from "../../shared/config/settings.ts";
import { createLogger } from "../../shared/logger.ts";
import type { StoredFile } from "../../shared/ports.ts";
import { type Harness, ociEnv } from "../oci/harness.ts";

/** The margin tests keep before the deadline: small, so a request cut at the deadline waits only briefly. */
export const TEST_MARGIN_MS = 200;

/**
 * The OCI adapters of one invocation, built like the function builds them (one factory, then `forInvocation`),
 * with `deadlineMs` of (fake) time left. A request that never answers is cut `deadlineMs - TEST_MARGIN_MS` of
 * real time later.
 */
export function adaptersFor(h: Harness, options: { deadlineMs?: number; env?: Record<string, string> } = {}) {
  const logger = createLogger({
    level: "debug",
    write: (line) => h.logs.push(line),
    now: () => h.clock.now(),
  });
  const factory = createOciDependencyFactory(loadSettings(ociEnv(options.env ?? {})), {
    logger,
    clock: h.clock,
    deadlineMarginMs: TEST_MARGIN_MS,
  });
  const deadline = new Date(h.clock.now().getTime() + (options.deadlineMs ?? 120_000));
  return factory.forInvocation({ callId: "01ADAPTERTEST", deadline, logger });
}

/** A stored file of a connection, as the core hands it to `createLink`. */
export function storedFile(
  objectName = "connections/ocid1.ipsecconnection.oc1..x/libreswan/oci-ipsec.conf",
): StoredFile {
  return {
    vendor: "libreswan",
    name: "oci-ipsec.conf",
    objectName,
    secret: true,
    contentHash: "ab",
    pskFingerprint: null,
  };
}
