/** The CLI entry bundled to `dist/cli.mjs`. */
import { routeConsoleThrough } from "../shared/logger.ts";
import { processIo } from "./io.ts";
import { createCliLogger } from "./log.ts";
import { runCli } from "./main.ts";

// Library output (the OCI SDK's retry warnings quote raw errors) goes through the redacting logger, to stderr.
// Human lines unless TUNNELSMITH_LOG_FORMAT=json, like the commands' own logs.
routeConsoleThrough(createCliLogger(processIo));
process.exitCode = await runCli(process.argv.slice(2));
