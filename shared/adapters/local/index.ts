import { join } from "node:path";
import type { Settings } from "../../config/settings.ts";
import { systemClock } from "../../core/clock.ts";
import type { ScalePorts } from "../../core/queue/ports.ts";
import type { Logger } from "../../logger.ts";
import type { Clock, DependencyFactory } from "../../ports.ts";
import { createLocalConfigStore } from "./config-store.ts";
import { createLocalConnectionReader } from "./connection-reader.ts";
import { createLocalNotifier } from "./notifier.ts";
import { createLocalQueue, type LocalQueue } from "./queue.ts";
import { createMemoryLedger } from "./queue-ledger.ts";
import { createLocalSecretRotator } from "./secret-rotator.ts";

export { systemClock } from "../../core/clock.ts";

/**
 * The embedded default: snapshots from a folder, a local folder as bucket, a local outbox as topic. The adapters
 * are built once; each invocation gets them with its own logger, deadline and id.
 */
export function createLocalDependencies(
  settings: Settings,
  options: { logger: Logger; clock?: Clock; print?: (line: string) => void; queue?: LocalQueue },
): DependencyFactory {
  const clock = options.clock ?? systemClock;
  const network = createLocalConnectionReader(settings.snapshotDir, settings.stateDir);
  const store = createLocalConfigStore(settings.stateDir);
  const notifier = createLocalNotifier(settings.stateDir, clock, options.print);
  // The JSON variant of tunnel alerts (what an HTTPS subscriber would get), in its own outbox: <state>/json/outbox.
  const alertJsonNotifier = createLocalNotifier(join(settings.stateDir, "json"), clock, () => {});
  const rotator = createLocalSecretRotator(settings.snapshotDir, settings.stateDir);
  // Tenancy scale on an in-process queue (TUNNELSMITH_LOCAL_QUEUE=true): the same sharded sweep and alert outbox.
  const ledger = createMemoryLedger();
  const queue = settings.localQueue
    ? (options.queue ?? createLocalQueue(clock, 5, join(settings.stateDir, "queue.json")))
    : null;
  const scale: ScalePorts = {
    ledger,
    queue: queue ? { shards: queue.channel("sweep-shards"), alerts: queue.channel("alerts") } : null,
  };
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
      scale,
      clock,
      settings,
      logger: invocation.logger,
      deadline: invocation.deadline,
      invocationId: invocation.callId,
    }),
  };
}
