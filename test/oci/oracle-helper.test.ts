import { describe, expect, it } from "vitest";
import { META_PSK_FINGERPRINT } from "../../shared/adapters/oci/config-store.ts";
import { BUCKET, loadEvent, useOciHarness } from "./harness.ts";

const h = useOciHarness();
const CONNECTION = "ocid1.ipsecconnection.oc1.ap-tokyo-1.aaaaaaaastaticikev1";
const CPE = "ocid1.cpe.oc1.ap-tokyo-1.aaaaaaaastaticikev1cpe";
const SHAPE = "ocid1.cpedeviceshape.oc1..aaaaaaaayamahartx";
const HELPER_OBJECT = `connections/${CONNECTION}/oci-helper/oci-cpe-config.txt`;

/** The static sample on a CPE whose device shape OCI knows, with OCI's rendered helper text (PSKs included). */
function seedWithShape(): string[] {
  const { psks } = h.seed("static-ikev1");
  const cpe = h.fake.cpes.get(CPE);
  if (cpe) cpe.cpeDeviceShapeId = SHAPE;
  h.fake.shapes.set(SHAPE, {
    id: SHAPE,
    cpeDeviceInfo: { vendor: "Yamaha", platformSoftwareVersion: "RTX1210" },
    parameters: [],
    template: "",
  });
  h.fake.helperConfigs.set(
    CONNECTION,
    `# Yamaha RTX configuration from OCI\ntunnel select 1\n ipsec ike pre-shared-key 1 text ${psks[0]}\ntunnel select 2\n ipsec ike pre-shared-key 2 text ${psks[1]}\n`,
  );
  return psks;
}

describe("the oci-helper vendor (Oracle's CPE configuration helper)", () => {
  it("stores OCI's own configuration next to ours when the CPE has a device shape", async () => {
    const psks = seedWithShape();

    const result = await h.invoke(loadEvent("create-static-ikev1"));

    const helper = h.fake.buckets.get(BUCKET)?.objects.get(HELPER_OBJECT);
    expect(helper?.body).toContain("# Yamaha RTX configuration from OCI");
    expect(helper?.body).toContain(psks[0]);
    expect(helper?.meta[META_PSK_FINGERPRINT]).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    expect(result.outcome === "rendered" && result.files.map((f) => `${f.vendor}/${f.name}`)).toContain(
      "oci-helper/oci-cpe-config.txt",
    );
    expect(h.fake.messages[0]?.body).toContain("oci-helper/oci-cpe-config.txt [contains PSKs]");
    expect(
      h.fake.buckets.get(BUCKET)?.objects.has(`connections/${CONNECTION}/libreswan/oci-ipsec.conf`),
    ).toBe(true);
  });

  it("is left out when TUNNELSMITH_ORACLE_HELPER=off, unless the connection's vendors name it", async () => {
    seedWithShape();
    const handler = h.handler({ TUNNELSMITH_ORACLE_HELPER: "off" });
    await h.invoke(loadEvent("create-static-ikev1"), { handler });
    expect(h.fake.buckets.get(BUCKET)?.objects.has(HELPER_OBJECT)).toBe(false);
    expect(h.fake.requestsTo("GET", /cpeConfigContent$/)).toHaveLength(0);

    const connection = h.fake.connections.get(CONNECTION);
    if (connection) connection.freeformTags = { "tunnelsmith-vendors": "oci-helper" };
    const update = loadEvent("update-static-ikev1");
    const result = await h.invoke(update, { handler });
    expect(result.outcome === "rendered" && result.files.map((f) => f.objectName)).toEqual([HELPER_OBJECT]);
    // The libreswan files are no longer produced: they were deleted with their links.
    const names = [...(h.fake.buckets.get(BUCKET)?.objects.keys() ?? [])].sort();
    expect(names).toEqual([HELPER_OBJECT, `connections/${CONNECTION}/state.json`]);
    expect(h.fake.buckets.get(BUCKET)?.pars.size).toBe(1);
  });

  it("is skipped without a device shape", async () => {
    h.seed("static-ikev1");
    await h.invoke(loadEvent("create-static-ikev1"));
    expect(h.fake.requestsTo("GET", /cpeConfigContent$/)).toHaveLength(0);
    expect(h.fake.buckets.get(BUCKET)?.objects.has(HELPER_OBJECT)).toBe(false);
  });
});
