import type { FnContext } from "@fnproject/fdk";
import { type EventOutcome, handleConnectionEvent } from "../shared/core/handle-connection-event.ts";
import { TunnelsmithError } from "../shared/errors.ts";
import { parseCloudEvent } from "../shared/events/cloud-event.ts";
import type { Dependencies } from "../shared/ports.ts";

/** The function's handler signature, as the FDK calls it. */
export type FunctionHandler = (input: unknown, ctx: Pick<FnContext, "callID">) => Promise<EventOutcome>;

/**
 * Builds the Fn handler around already-built dependencies (built once per container, reused across calls).
 * Importable without the FDK: only `functions/func.ts` calls `fdk.handle`. Every failure is logged here, once,
 * with the call id; what reaches the FDK (and its 502 body) is a message without internals or secrets.
 */
export function createHandler(deps: Dependencies): FunctionHandler {
  return async (input, ctx) => {
    const logger = deps.logger.child({ callId: ctx.callID ?? "local" });
    try {
      const event = parseCloudEvent(input);
      return await handleConnectionEvent(event, { ...deps, logger });
    } catch (error) {
      logger.error("invocation failed", { error });
      throw publicError(error, ctx.callID);
    }
  };
}

/** Bad input keeps its message (it says what to fix); anything else is reduced to a pointer at the log. */
function publicError(error: unknown, callId: string | null): Error {
  if (error instanceof TunnelsmithError && error.expose) return new Error(`${error.code}: ${error.message}`);
  return new Error(`internal error; see the function log for call ${callId ?? "local"}`);
}
