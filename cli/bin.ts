/** The CLI entry bundled to `dist/cli.mjs`. */
import { createLogger, routeConsoleThrough } from "../shared/logger.ts";
import { runCli } from "./main.ts";

// Library output (the OCI SDK's retry warnings quote raw errors) goes through the redacting logger, to stderr.
routeConsoleThrough(createLogger());
process.exitCode = await runCli(process.argv.slice(2));
