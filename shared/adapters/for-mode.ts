import type { Settings } from "../config/settings.ts";
import type { Logger } from "../logger.ts";
import type { DependencyFactory } from "../ports.ts";
import { createLocalDependencies } from "./local/index.ts";

/**
 * The dependency factory for the configured mode (TUNNELSMITH_MODE): the OCI adapters, or the local ones (a
 * folder as bucket, an outbox as topic). The OCI adapters are imported only in OCI mode: the SDK is most of the
 * bundle, and the local run should not pay for parsing it. Used by the function entry and the CLI alike.
 */
export async function dependencyFactoryFor(
  settings: Settings,
  options: { logger: Logger; print?: (line: string) => void },
): Promise<DependencyFactory> {
  if (settings.mode === "oci") {
    const { createOciDependencyFactory } = await import("./oci/index.ts");
    return createOciDependencyFactory(settings, { logger: options.logger });
  }
  return createLocalDependencies(settings, options);
}
