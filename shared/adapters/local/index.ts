import { join } from "node:path";
import type { Settings } from "../../config/settings.ts";
import { systemClock } from "../../core/clock.ts";
import type { Logger } from "../../logger.ts";
import type { Clock, DependencyFactory } from "../../ports.ts";
import { createLocalConfigStore } from "./config-store.ts";
import { createLocalConnectionReader } from "./connection-reader.ts";
import { createLocalNotifier } from "./notifier.ts";
import { createLocalSecretRotator } from "./secret-rotator.ts";

export { systemClock } from "../../core/clock.ts";

/**
 * The embedded default: snapshots from a folder, a local folder as bucket, a local outbox as topic. The adapters
 * are built once; each invocation gets them with its own logger, deadline and id.
 */
export function createLocalDependencies(
  settings: Settings,
  options: { logger: Logger; clock?: Clock; print?: (line: string) => void },
): DependencyFactory {
  const clock = options.clock ?? systemClock;
  const network = createLocalConnectionReader(settings.snapshotDir, settings.stateDir);
  const store = createLocalConfigStore(settings.stateDir);
  const notifier = createLocalNotifier(settings.stateDir, clock, options.print);
  // The JSON variant of tunnel alerts (what an HTTPS subscriber would get), in its own outbox: <state>/json/outbox.
  const alertJsonNotifier = createLocalNotifier(join(settings.stateDir, "json"), clock, () => {});
  const rotator = createLocalSecretRotator(settings.snapshotDir, settings.stateDir);
  return {
    logger: options.logger,
    clock,
    settings,
    forInvocation: (invocation) => ({
      network,
      store,
      notifier,
      alertJsonNotifier,
      rotator,
      clock,
      settings,
      logger: invocation.logger,
      deadline: invocation.deadline,
      invocationId: invocation.callId,
    }),
  };
}
