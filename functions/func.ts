/**
 * The OCI Functions entry point (bundled to `dist/func.mjs`, which `func.yaml` runs). The only module that calls
 * `fdk.handle`: the FDK exits the process when FN_FORMAT/FN_LISTENER are missing, so tests import
 * `./handler.ts` instead. Dependencies are built once per container, at cold start: the local adapters, or the
 * OCI ones when TUNNELSMITH_MODE=oci.
 */
import fdk from "@fnproject/fdk";
import { dependencyFactoryFor } from "../shared/adapters/for-mode.ts";
import { loadSettings } from "../shared/config/settings.ts";
import { TunnelsmithError } from "../shared/errors.ts";
import { createLogger, routeConsoleThrough } from "../shared/logger.ts";
import { createHandler, type FunctionHandler } from "./handler.ts";

fdk.handle(await startup(), { inputMode: "json" });

/**
 * Builds the handler. A configuration error does not crash the container (Fn would only show a failed start):
 * it is logged once and every call answers with it, so `fn invoke` and the function log both say what to fix.
 */
async function startup(): Promise<FunctionHandler> {
  const bootLogger = createLogger();
  // Library output (the OCI SDK's retrier prints raw errors, which can quote a PSK) goes through the redacting
  // logger, installed before anything else runs.
  const restoreConsole = routeConsoleThrough(bootLogger);
  try {
    const settings = loadSettings(process.env);
    const logger = createLogger({ level: settings.logLevel });
    restoreConsole();
    routeConsoleThrough(logger);
    return createHandler(await dependencyFactoryFor(settings, { logger }));
  } catch (error) {
    bootLogger.error("function configuration is invalid", { error });
    const message =
      error instanceof TunnelsmithError && error.expose
        ? `${error.code}: ${error.message}`
        : "the function failed to start; see its log";
    return async () => {
      throw new Error(message);
    };
  }
}
