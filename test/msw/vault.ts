import { randomBytes } from "node:crypto";
import { http } from "msw";
import type { FakeOci, FakeVaultSecret, Json } from "./fake-oci.ts";
import { ociError, ok, signed } from "./respond.ts";

/** Vault secret management (`VaultsClient`, `/20180608`): ListSecrets, CreateSecret, UpdateSecret. */
export function vaultHandlers(fake: FakeOci, origin: string) {
  const base = `${origin}/20180608`;
  const view = (s: FakeVaultSecret): Json => ({
    id: s.id,
    secretName: s.secretName,
    compartmentId: s.compartmentId,
    vaultId: s.vaultId,
    keyId: s.keyId,
    lifecycleState: "ACTIVE",
    currentVersionNumber: s.versions.length,
    timeCreated: "2026-11-22T05:00:00.000Z",
  });
  const decode = (details: Json): string | null => {
    const content = details.secretContent as Json | undefined;
    if (content?.contentType !== "BASE64" || typeof content.content !== "string") return null;
    return Buffer.from(content.content, "base64").toString("utf8");
  };

  return [
    http.get(
      `${base}/secrets`,
      signed(fake, "vault", ({ request }) => {
        const q = new URL(request.url).searchParams;
        const items = [...fake.vaultSecrets.values()].filter(
          (s) =>
            s.compartmentId === q.get("compartmentId") &&
            (!q.get("vaultId") || s.vaultId === q.get("vaultId")) &&
            (!q.get("name") || s.secretName === q.get("name")),
        );
        return ok(items.map(view));
      }),
    ),
    http.post(
      `${base}/secrets`,
      signed(fake, "vault", ({ body }) => {
        const details = JSON.parse(body) as Json;
        const name = String(details.secretName ?? "");
        const value = decode(details);
        if (!/^[A-Za-z0-9._-]{1,255}$/.test(name) || !details.keyId || !details.vaultId || value === null) {
          return ociError(
            400,
            "InvalidParameter",
            "secretName, keyId, vaultId and BASE64 secretContent are required",
          );
        }
        if (
          [...fake.vaultSecrets.values()].some((s) => s.vaultId === details.vaultId && s.secretName === name)
        ) {
          return ociError(409, "Conflict", "a secret with this name exists in the vault");
        }
        const id = `ocid1.vaultsecret.oc1.ap-tokyo-1.${randomBytes(8).toString("hex")}`;
        const secret = {
          id,
          secretName: name,
          compartmentId: String(details.compartmentId),
          vaultId: String(details.vaultId),
          keyId: String(details.keyId),
          versions: [value],
        };
        fake.vaultSecrets.set(id, secret);
        return ok(view(secret));
      }),
    ),
    http.put(
      `${base}/secrets/:secretId`,
      signed(fake, "vault", ({ params, body }) => {
        const secret = fake.vaultSecrets.get(params.secretId ?? "");
        if (!secret) return ociError(404, "NotAuthorizedOrNotFound", "secret not found");
        const value = decode(JSON.parse(body) as Json);
        if (value === null) return ociError(400, "InvalidParameter", "BASE64 secretContent is required");
        secret.versions.push(value);
        return ok(view(secret));
      }),
    ),
  ];
}
