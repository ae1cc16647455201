import * as common from "oci-common";
import type { OciAuth } from "../../config/settings-oci.ts";
import { ConfigError } from "../../errors.ts";

/** An auth provider that also knows its region (both kinds tunnelsmith uses do). */
export type OciAuthProvider = common.AuthenticationDetailsProvider & common.RegionProvider;

/**
 * The request signer's identity: the function's resource principal inside OCI Functions, otherwise the OCI CLI
 * config file (`OCI_CONFIG_FILE`, default `~/.oci/config`; profile `OCI_CLI_PROFILE`, default DEFAULT).
 */
export function createAuthProvider(auth: OciAuth): OciAuthProvider {
  try {
    if (auth.kind === "resource-principal")
      return common.ResourcePrincipalAuthenticationDetailsProvider.builder();
    return new common.ConfigFileAuthenticationDetailsProvider(
      auth.configFile ?? undefined,
      auth.profile ?? undefined,
    );
  } catch (error) {
    const where =
      auth.kind === "resource-principal"
        ? { path: "OCI_RESOURCE_PRINCIPAL_VERSION", what: "the function's resource principal" }
        : {
            path: "OCI_CONFIG_FILE",
            what: `the OCI config file ${auth.configFile ?? "~/.oci/config"} (profile ${auth.profile ?? "DEFAULT"})`,
          };
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(
      [{ path: where.path, message: `cannot authenticate with ${where.what}: ${reason}` }],
      {
        cause: error,
      },
    );
  }
}

/** The provider's region id (e.g. `ap-tokyo-1`), or null when the profile names none. */
export function regionOf(provider: OciAuthProvider): common.Region | null {
  try {
    return provider.getRegion() ?? null;
  } catch {
    return null;
  }
}
