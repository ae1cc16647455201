import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as common from "oci-common";
import * as core from "oci-core";
import { describe, expect, it } from "vitest";
import { testIdentity } from "../msw/keys.ts";
import { MSW_ORIGINS } from "../msw/server.ts";
import { signatureProblem } from "../msw/signature.ts";
import { useOciHarness } from "./harness.ts";

const h = useOciHarness();

/** Signs a request the way the SDK does, with the test key. */
async function sdkSigned(method: "GET" | "POST", uri: string, body?: string): Promise<Request> {
  const provider = new common.ConfigFileAuthenticationDetailsProvider(testIdentity().configFile);
  const headers = new Headers();
  await new common.DefaultRequestSigner(provider).signHttpRequest({ method, uri, headers, body });
  return new Request(uri, { method, headers, body });
}

describe("the fake's OCI signature check", () => {
  const identity = testIdentity();

  it("accepts what the SDK signs with the test key, and rejects any change to a signed part", async () => {
    const uri = `${MSW_ORIGINS.notifications}/20181201/topics/ocid1.onstopic.oc1..x/messages`;
    const body = JSON.stringify({ title: "t", body: "b" });
    const good = await sdkSigned("POST", uri, body);
    expect(signatureProblem(good, body, identity)).toBeNull();

    expect(signatureProblem(good, body.replace('"b"', '"B"'), identity)).toBe(
      "x-content-sha256 does not match the body",
    );
    const otherPath = new Request(uri.replace("topics/", "topics/y"), {
      method: "POST",
      headers: good.headers,
      body,
    });
    expect(signatureProblem(otherPath, body, identity)).toBe("signature does not verify");
    const unsigned = new Request(uri, { method: "POST", body });
    expect(signatureProblem(unsigned, body, identity)).toBe("no Authorization: Signature header");
  });

  it("answers 401 to a client signing with a key that is not the test key", async () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const dir = mkdtempSync(join(tmpdir(), "ts-oci-otherkey-"));
    writeFileSync(join(dir, "key.pem"), privateKey.export({ type: "pkcs8", format: "pem" }));
    // Same keyId as the test identity, different key: only the signature itself can tell.
    writeFileSync(
      join(dir, "config"),
      `[DEFAULT]\nuser=${identity.user}\nfingerprint=${identity.fingerprint}\ntenancy=${identity.tenancy}\nregion=ap-tokyo-1\nkey_file=${join(dir, "key.pem")}\n`,
    );
    const client = new core.VirtualNetworkClient(
      {
        authenticationDetailsProvider: new common.ConfigFileAuthenticationDetailsProvider(
          join(dir, "config"),
        ),
      },
      { circuitBreaker: new common.CircuitBreaker({ disableClientCircuitBreaker: true }) },
    );
    client.endpoint = MSW_ORIGINS.iaas;

    await expect(
      client.getCpe({ cpeId: "ocid1.cpe.oc1..x", retryConfiguration: common.NoRetryConfigurationDetails }),
    ).rejects.toMatchObject({ statusCode: 401, serviceCode: "NotAuthenticated" });
    expect(h.fake.requests.map((r) => r.signatureProblem)).toEqual(["signature does not verify"]);
    // This test sent a bad signature on purpose; the harness's after-each check is about the function's requests.
    h.fake.requests.length = 0;
  });
});
