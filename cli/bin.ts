/** The CLI entry bundled to `dist/cli.mjs`. */
import { runCli } from "./main.ts";

process.exitCode = await runCli(process.argv.slice(2));
