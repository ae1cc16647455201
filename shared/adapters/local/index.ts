import type { Settings } from "../../config/settings.ts";
import type { Logger } from "../../logger.ts";
import type { Clock, Dependencies } from "../../ports.ts";
import { createLocalConfigStore } from "./config-store.ts";
import { createLocalNetworkReader } from "./network-reader.ts";
import { createLocalNotifier } from "./notifier.ts";

export const systemClock: Clock = { now: () => new Date() };

/** The embedded default: snapshots from a folder, a local folder as bucket, a local outbox as topic. */
export function createLocalDependencies(
  settings: Settings,
  options: { logger: Logger; clock?: Clock; print?: (line: string) => void },
): Dependencies {
  const clock = options.clock ?? systemClock;
  return {
    network: createLocalNetworkReader(settings.snapshotDir),
    store: createLocalConfigStore(settings.stateDir),
    notifier: createLocalNotifier(settings.stateDir, clock, options.print),
    clock,
    logger: options.logger,
    settings,
  };
}
