import { TunnelsmithError } from "../errors.ts";
import type { Dependencies } from "../ports.ts";
import type { CpeOutcome, EventOutcome } from "./outcome.ts";
import { renderConnectionFor, type Trigger } from "./render-connection.ts";

/** Some connections of a CPE could not be rendered after it changed; the others were. */
export class PartialFailureError extends TunnelsmithError {
  readonly outcomes: readonly EventOutcome[];

  constructor(message: string, outcomes: readonly EventOutcome[], options?: ErrorOptions) {
    super("PARTIAL_FAILURE", message, { ...options, expose: true });
    this.name = "PartialFailureError";
    this.outcomes = outcomes;
  }
}

/**
 * Handles "CPE updated": a new public IP, device shape or site tag changes the configuration of every
 * connection on the CPE, so each is rendered again like an update (idempotently: unchanged ones write nothing).
 * One failing connection does not stop the others; the invocation still fails at the end so the problem shows.
 */
export async function rerenderCpe(
  cpeId: string,
  compartmentId: string | null,
  trigger: Trigger,
  deps: Dependencies,
): Promise<CpeOutcome> {
  const logger = deps.logger.child({ cpeId });
  const ids = await deps.network.listConnectionsOfCpe(cpeId, compartmentId);
  logger.info("re-rendering the connections of a changed CPE", { connections: ids });
  const outcomes: EventOutcome[] = [];
  const failures: { connectionId: string; error: unknown }[] = [];
  for (const connectionId of ids) {
    try {
      outcomes.push(await renderConnectionFor(connectionId, trigger, { ...deps, logger }));
    } catch (error) {
      logger.error("re-rendering a connection of the CPE failed", { connectionId, error });
      failures.push({ connectionId, error });
    }
  }
  if (failures.length > 0) {
    const first = failures[0];
    const detail =
      first?.error instanceof TunnelsmithError && first.error.expose ? `: ${first.error.message}` : "";
    throw new PartialFailureError(
      `${failures.length} of ${ids.length} connections of CPE ${cpeId} could not be rendered (${failures.map((f) => f.connectionId).join(", ")})${detail}`,
      outcomes,
      { cause: first?.error },
    );
  }
  return { outcome: "cpe-updated", cpeId, connections: outcomes };
}
