import { describe, expect, it } from "vitest";
import { AdapterError } from "../../shared/errors.ts";
import { useOciHarness } from "../oci/harness.ts";
import { adaptersFor } from "./invocation.ts";

const h = useOciHarness();
const CONNECTION = "ocid1.ipsecconnection.oc1.ap-tokyo-1.aaaaaaaastaticikev1";
const CPE = "ocid1.cpe.oc1.ap-tokyo-1.aaaaaaaastaticikev1cpe";

async function failure(run: () => Promise<unknown>): Promise<string> {
  const error = await run().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AdapterError);
  const message = (error as Error).message;
  expect(message).not.toContain("[object Object]");
  return message;
}

describe("OCI errors a person can act on", () => {
  it("name the operation, HTTP status, service code, opc-request-id and host", async () => {
    h.seed("static-ikev1");
    h.fake.faults.add({
      method: "GET",
      path: /\/sharedSecret$/,
      when: "before",
      status: 500,
      code: "InternalServerError",
      message: "Internal error\nstack line that is not for users",
      requestId: "opc-test-request-0001",
      times: 100,
    });
    const { network } = adaptersFor(h);

    const message = await failure(() => network.readConnection(CONNECTION));

    expect(message).toBe(
      "OCI networking: GetIPSecConnectionTunnelSharedSecret failed (HTTP 500, InternalServerError, " +
        "opc-request-id opc-test-request-0001, at iaas.oci.invalid): Internal error",
    );
  });

  it("stay readable when the body is not OCI's JSON (a load balancer's HTML page)", async () => {
    h.seed("static-ikev1");
    h.fake.faults.add({
      method: "GET",
      path: /^\/cpes\/[^/]+$/,
      when: "before",
      status: 502,
      rawBody: "<html><body><h1>502 Bad Gateway</h1></body></html>",
      times: 100,
    });
    const { network } = adaptersFor(h);

    const message = await failure(() => network.listConnectionsOfCpe(CPE, null));

    expect(message).toBe(
      "OCI networking: GetCpe failed (HTTP 502, at iaas.oci.invalid): <html><body><h1>502 Bad Gateway</h1></body></html>",
    );
    expect(message).not.toContain("None");
  });

  it("never carry a PAR token that OCI's message quotes", async () => {
    h.fake.faults.add({
      method: "DELETE",
      path: /\/p\/[^/]+$/,
      when: "before",
      status: 400,
      code: "InvalidParameter",
      message: "cannot delete https://objectstorage.oci.invalid/p/SeCrEtPaRtOkEn42/n/ns/b/bucket/o/x",
    });
    const { store } = adaptersFor(h);

    const message = await failure(() => store.revokeLink("par-id-1"));

    expect(message).toContain("DeletePreauthenticatedRequest failed (HTTP 400, InvalidParameter");
    expect(message).not.toContain("SeCrEtPaRtOkEn42");
    expect(message).toContain("/p/[REDACTED]/n/");
  });

  it("never carry the PSK that OCI's message echoes when it refuses a new key", async () => {
    h.seed("static-ikev1");
    const psk = "EchoedBackPsk0123456789abcdefXYZ";
    h.fake.faults.add({
      method: "PUT",
      path: /\/sharedSecret$/,
      when: "before",
      status: 400,
      code: "InvalidParameter",
      message: `sharedSecret ${psk} is not allowed`,
    });
    const { rotator } = adaptersFor(h);
    const tunnel = h.fake.tunnels.get(CONNECTION)?.[0]?.id as string;

    const message = await failure(() => rotator.setSharedSecret(CONNECTION, tunnel, psk));

    expect(message).toContain("UpdateIPSecConnectionTunnelSharedSecret failed (HTTP 400, InvalidParameter");
    expect(message).not.toContain(psk);
  });
});
