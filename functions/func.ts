/**
 * The OCI Functions entry point (bundled to `dist/func.mjs`, which `func.yaml` runs). The only module that calls
 * `fdk.handle`: the FDK exits the process when FN_FORMAT/FN_LISTENER are missing, so tests import
 * `./handler.ts` instead. Dependencies are built once per container, at cold start.
 */
import fdk from "@fnproject/fdk";
import { createLocalDependencies } from "../shared/adapters/local/index.ts";
import { loadSettings } from "../shared/config/settings.ts";
import { createLogger } from "../shared/logger.ts";
import { createHandler } from "./handler.ts";

const settings = loadSettings(process.env);
const logger = createLogger({ level: settings.logLevel });
fdk.handle(createHandler(createLocalDependencies(settings, { logger })), { inputMode: "json" });
