import { describe, expect, it } from "vitest";
import { secretNameFor } from "../../shared/adapters/oci/key-archive.ts";
import { loadSettings } from "../../shared/config/settings.ts";
import { fault, MSW_ORIGINS } from "../msw/server.ts";
import { loadEvent, ociEnv, useOciHarness } from "../oci/harness.ts";
import { COMPARTMENT, STATIC, STATIC_T1, seedHealthy } from "./helpers.ts";

const h = useOciHarness();
const VAULT_ENV = {
  TUNNELSMITH_VAULT_ID: "ocid1.vault.oc1.ap-tokyo-1.aaaaaaaatestvault",
  TUNNELSMITH_VAULT_KEY_ID: "ocid1.key.oc1.ap-tokyo-1.aaaaaaaatestkey",
  TUNNELSMITH_ENDPOINT_VAULT: MSW_ORIGINS.vault,
};

type Json = Record<string, unknown>;

describe("PSK rotation with a Vault copy of each new key (msw)", () => {
  it("stores the new key as a per-tunnel secret, then as a new version of it", async () => {
    seedHealthy(h, "static-ikev1");
    const handler = h.handler(VAULT_ENV);
    await h.invoke(loadEvent("create-static-ikev1"), { handler });

    const first = await h.invoke({ action: "rotate-psk", ipsecConnectionId: STATIC }, { handler });

    expect(first).toMatchObject({ outcome: "rotated", tunnelId: STATIC_T1 });
    const [secret] = [...h.fake.vaultSecrets.values()];
    expect(secret).toMatchObject({
      secretName: secretNameFor(STATIC_T1),
      compartmentId: COMPARTMENT,
      vaultId: VAULT_ENV.TUNNELSMITH_VAULT_ID,
      keyId: VAULT_ENV.TUNNELSMITH_VAULT_KEY_ID,
      versions: [h.fake.secrets.get(STATIC_T1)],
    });
    expect(h.fake.messages.at(-1)?.body).toContain(
      `The new key is also in Vault secret ${secret?.id} (version 1).`,
    );

    // The CPE got the key (tunnel 1 is up again); rotate the same tunnel once more, by name.
    const tunnel = (h.fake.tunnels.get(STATIC) ?? []).find((t: Json) => t.id === STATIC_T1) as Json;
    tunnel.status = "UP";
    h.clock.advance(86_400_000);
    await h.invoke({ action: "rotate-psk", ipsecConnectionId: STATIC, tunnelId: STATIC_T1 }, { handler });

    expect(h.fake.vaultSecrets.size).toBe(1);
    expect(secret?.versions).toHaveLength(2);
    expect(secret?.versions[1]).toBe(h.fake.secrets.get(STATIC_T1));
    expect(h.fake.requestsTo("PUT", /\/20180608\/secrets\/[^/]+$/)).toHaveLength(1);
  });

  it("a Vault that fails does not stop the rotation; the message says the copy failed", async () => {
    seedHealthy(h, "static-ikev1");
    const handler = h.handler(VAULT_ENV);
    await h.invoke(loadEvent("create-static-ikev1"), { handler });
    h.server.use(fault(h.fake, "post", `${MSW_ORIGINS.vault}/20180608/secrets`, 400, "InvalidParameter", 1));

    const result = await h.invoke({ action: "rotate-psk", ipsecConnectionId: STATIC }, { handler });

    expect(result).toMatchObject({ outcome: "rotated" });
    expect(h.fake.vaultSecrets.size).toBe(0);
    expect(h.fake.messages.at(-1)?.body).toContain("Storing the new key in the Vault FAILED");
    const failure = h.logs
      .map((l) => JSON.parse(l))
      .find((l) => l.message.startsWith("could not store the new key"));
    expect(failure).toMatchObject({
      level: "error",
      error: { message: expect.stringMatching(/CreateSecret failed \(HTTP 400/) },
    });
  });

  it("without a Vault configured nothing goes there", async () => {
    seedHealthy(h, "static-ikev1");
    await h.invoke(loadEvent("create-static-ikev1"));
    await h.invoke({ action: "rotate-psk", ipsecConnectionId: STATIC });
    expect(h.fake.requests.filter((r) => r.service === "vault")).toEqual([]);
  });

  it.each([
    [{ TUNNELSMITH_VAULT_ID: VAULT_ENV.TUNNELSMITH_VAULT_ID }, /TUNNELSMITH_VAULT_KEY_ID: is not set/],
    [{ TUNNELSMITH_VAULT_KEY_ID: VAULT_ENV.TUNNELSMITH_VAULT_KEY_ID }, /TUNNELSMITH_VAULT_ID: is not set/],
    [
      { ...VAULT_ENV, TUNNELSMITH_VAULT_ID: "ocid1.key.oc1..x" },
      /TUNNELSMITH_VAULT_ID: must be a vault OCID/,
    ],
    [{ TUNNELSMITH_VAULT_COMPARTMENT_ID: COMPARTMENT }, /TUNNELSMITH_VAULT_COMPARTMENT_ID: is set without/],
  ])("settings %j are refused", (env, message) => {
    expect(() => loadSettings(ociEnv(env))).toThrow(message);
  });
});
