import type * as common from "oci-common";
import type * as vault from "oci-vault";
import type { OciAuth, VaultSettings } from "../../config/settings-oci.ts";
import type { KeyArchive } from "../../ports.ts";
import { createAuthProvider } from "./auth.ts";
import { clientConfiguration, clientParams } from "./clients.ts";
import { call } from "./errors.ts";
import { listAll } from "./paging.ts";

const SERVICE = "OCI Vault";
/** The SDK types the stage as an enum; the value is the API's string (the SDK itself is loaded lazily). */
const CURRENT = "CURRENT" as vault.models.SecretContentDetails.Stage;

/** The secret that holds a tunnel's PSK versions: one per tunnel, named after it (no key material in names). */
export function secretNameFor(tunnelId: string): string {
  return `tunnelsmith-psk-${tunnelId}`;
}

export interface OciKeyArchiveOptions {
  settings: VaultSettings;
  /** The SDK client, or a way to make it: the Vault SDK is loaded only when a key is first stored. */
  client: vault.VaultsClient | (() => Promise<vault.VaultsClient>);
  retry: common.RetryConfiguration;
}

/**
 * PSK rotation's optional copy of each new key in an OCI Vault: one secret per tunnel
 * (`tunnelsmith-psk-<tunnel OCID>`, found by name), each rotation a new secret version (`UpdateSecret` makes it
 * the CURRENT one). The content goes base64-encoded as the API wants it; nothing about it is logged.
 */
export function createOciKeyArchive(options: OciKeyArchiveOptions): KeyArchive {
  const { settings, retry } = options;
  let client: vault.VaultsClient | null = typeof options.client === "function" ? null : options.client;
  const getClient = async () => {
    if (client === null && typeof options.client === "function") client = await options.client();
    if (client === null) throw new Error("no Vault client");
    return client;
  };

  return {
    async store(tunnel, secret) {
      const vaults = await getClient();
      const compartmentId = settings.compartmentId ?? tunnel.compartmentId;
      const secretName = secretNameFor(tunnel.tunnelId);
      const content = {
        contentType: "BASE64" as const,
        content: Buffer.from(secret, "utf8").toString("base64"),
      };
      const found = await call(SERVICE, "ListSecrets", () =>
        listAll((page) =>
          vaults.listSecrets({
            compartmentId,
            vaultId: settings.vaultId,
            name: secretName,
            lifecycleState: "ACTIVE",
            page,
            retryConfiguration: retry,
          }),
        ),
      );
      const existing = found.find((s) => s.secretName === secretName);
      if (existing) {
        const res = await call(SERVICE, "UpdateSecret", () =>
          vaults.updateSecret({
            secretId: existing.id,
            updateSecretDetails: { secretContent: { ...content, stage: CURRENT } },
            retryConfiguration: retry,
          }),
        );
        return { secretId: res.secret.id, version: res.secret.currentVersionNumber ?? null };
      }
      const res = await call(SERVICE, "CreateSecret", () =>
        vaults.createSecret({
          createSecretDetails: {
            compartmentId,
            vaultId: settings.vaultId,
            keyId: settings.keyId,
            secretName,
            description: `Pre-shared key of IPSec tunnel ${tunnel.tunnelId} (connection ${tunnel.connectionId}), written by tunnelsmith PSK rotation`,
            freeformTags: { "tunnelsmith-tunnel": tunnel.tunnelId },
            secretContent: { ...content, stage: CURRENT },
          },
          retryConfiguration: retry,
        }),
      );
      return { secretId: res.secret.id, version: res.secret.currentVersionNumber ?? null };
    },
  };
}

/**
 * The Vault client, built on first use (once per container) with its own auth provider (same identity as the other clients), region
 * and optional endpoint override. Loaded on demand: most deployments never store keys in a vault.
 */
export function vaultClientFactory(
  auth: OciAuth,
  regionId: string,
  endpoint: string | null | undefined,
  requestTimeoutMs: number,
): () => Promise<vault.VaultsClient> {
  let made: Promise<vault.VaultsClient> | null = null;
  const make = async () => {
    const { VaultsClient } = await import("oci-vault");
    const client = new VaultsClient(
      clientParams(createAuthProvider(auth), requestTimeoutMs),
      clientConfiguration(),
    );
    client.regionId = regionId;
    if (endpoint) client.endpoint = endpoint;
    return client;
  };
  return () => {
    made ??= make();
    return made;
  };
}
