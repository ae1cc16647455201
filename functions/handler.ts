import type { FnContext } from "@fnproject/fdk";
import { TunnelsmithError } from "../shared/errors.ts";
import type { DependencyFactory } from "../shared/ports.ts";
import { dispatch, type HandlerResult, ROUTES, type Route } from "./dispatch.ts";

export type { HandlerResult } from "./dispatch.ts";

/** The function's handler signature, as the FDK calls it (the CLI passes only a call id). */
export type FunctionHandler = (
  input: unknown,
  ctx: Pick<FnContext, "callID"> & Partial<Pick<FnContext, "deadline">>,
) => Promise<HandlerResult>;

/**
 * Builds the Fn handler around a dependency factory (adapters built once per container, reused across calls).
 * Importable without the FDK: only `functions/func.ts` calls `fdk.handle`. Each call gets a logger carrying its
 * call id and a deadline (Fn's `Fn-Deadline`, else the configured default). Every failure is logged here, once;
 * what reaches the FDK (and its 502 body) is a message without internals or secrets.
 */
export function createHandler(
  factory: DependencyFactory,
  routes: readonly Route[] = ROUTES,
): FunctionHandler {
  return async (input, ctx) => {
    const callId = ctx.callID ?? "local";
    const logger = factory.logger.child({ callId });
    const given = ctx.deadline;
    const deadline =
      given && !Number.isNaN(given.getTime())
        ? given
        : new Date(factory.clock.now().getTime() + factory.settings.defaultTimeoutSeconds * 1000);
    try {
      return await dispatch(input, factory.forInvocation({ callId, deadline, logger }), routes);
    } catch (error) {
      logger.error("invocation failed", { error });
      throw publicError(error, callId);
    }
  };
}

/**
 * Bad input keeps its message (it says what to fix) and stays an exposed TunnelsmithError, so the CLI still
 * answers it with exit code 2; anything else is reduced to a pointer at the log.
 */
function publicError(error: unknown, callId: string): Error {
  if (error instanceof TunnelsmithError && error.expose) {
    return new TunnelsmithError(error.code, `${error.code}: ${error.message}`, { expose: true });
  }
  return new Error(`internal error; see the function log for call ${callId}`);
}
