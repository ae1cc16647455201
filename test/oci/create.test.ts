import { describe, expect, it } from "vitest";
import { META_CONTENT_HASH, META_PSK_FINGERPRINT } from "../../shared/adapters/oci/config-store.ts";
import { pskFingerprint, sha256 } from "../../shared/core/fingerprint.ts";
import { expectedFiles } from "./expected.ts";
import { BUCKET, FINGERPRINT_KEY, loadEvent, T0, TOPIC, useOciHarness } from "./harness.ts";

const h = useOciHarness();
const PREFIX = "connections/ocid1.ipsecconnection.oc1.ap-tokyo-1.aaaaaaaastaticikev1/";

describe("create event against OCI (msw)", () => {
  it("stores every file with its hash, one ObjectRead PAR per file and one notification", async () => {
    const { connectionId, psks, tunnelIds } = h.seed("static-ikev1");

    const result = await h.invoke(loadEvent("create-static-ikev1"));

    expect(result.outcome).toBe("rendered");
    const bucket = h.fake.buckets.get(BUCKET);
    const files = [...(bucket?.objects.keys() ?? [])].filter((n) => !n.endsWith("state.json"));
    expect(files.sort()).toEqual(expectedFiles("static-ikev1").map((f) => `${PREFIX}${f}`));
    expect(files.length).toBeGreaterThan(3);
    for (const name of files) {
      const object = bucket?.objects.get(name);
      expect(object?.contentType).toBe("text/plain; charset=utf-8");
      expect(object?.meta[META_CONTENT_HASH]).toBe(sha256(object?.body ?? ""));
      expect(object?.kmsKeyId).toBeNull();
    }
    // The PSK fingerprint is a keyed hash, on the files that carry PSKs only.
    const secrets = bucket?.objects.get(`${PREFIX}libreswan/oci-ipsec.secrets`);
    expect(secrets?.body).toContain(psks[0]);
    const expectedFingerprint = pskFingerprint(FINGERPRINT_KEY, {
      [tunnelIds[0] ?? ""]: psks[0] ?? "",
      [tunnelIds[1] ?? ""]: psks[1] ?? "",
    });
    expect(secrets?.meta[META_PSK_FINGERPRINT]).toBe(expectedFingerprint);
    expect(
      bucket?.objects.get(`${PREFIX}libreswan/oci-ipsec.conf`)?.meta[META_PSK_FINGERPRINT],
    ).toBeUndefined();

    // One read-only PAR per object, expiring after the default 7 days.
    const pars = [...(bucket?.pars.values() ?? [])];
    expect(pars.map((p) => p.objectName).sort()).toEqual(files.sort());
    for (const par of pars) {
      expect(par.accessType).toBe("ObjectRead");
      expect(par.timeExpires).toBe(new Date(T0.getTime() + 7 * 86400_000).toISOString());
    }

    // Links are the public Object Storage origin of the profile's region plus the PAR's accessUri.
    if (result.outcome !== "rendered") throw new Error("not rendered");
    const urls = result.files.map((f) => f.url);
    expect(urls.sort()).toEqual(
      pars.map((p) => `https://objectstorage.ap-tokyo-1.oraclecloud.com${p.accessUri}`).sort(),
    );

    // One message to the topic: title with the connection name, both headends, every link, the expiry.
    expect(h.fake.messages).toHaveLength(1);
    const message = h.fake.messages[0];
    expect(message?.topicId).toBe(TOPIC);
    expect(message?.title).toContain("OCI-オンプレ間VPN (static)");
    expect(message?.title).toContain("created");
    expect(message?.body).toContain("203.0.113.10");
    expect(message?.body).toContain("203.0.113.20");
    for (const url of urls) expect(message?.body).toContain(url);
    expect(message?.body).toContain(new Date(T0.getTime() + 7 * 86400_000).toISOString());

    // state.json: PAR ids, hashes, the event, tunnel states; no secret.
    const state = JSON.parse(bucket?.objects.get(`${PREFIX}state.json`)?.body ?? "{}");
    expect(state).toMatchObject({
      connectionId,
      status: "rendered",
      announced: true,
      lastEventId: "b6a0d1f2-0000-4000-8000-985577521188",
      lease: null,
    });
    expect(state.files.map((f: { linkId: string }) => f.linkId).sort()).toEqual(pars.map((p) => p.id).sort());
    expect(state.tunnels.map((t: { oracleIp: string }) => t.oracleIp)).toEqual([
      "203.0.113.10",
      "203.0.113.20",
    ]);
    expect(JSON.stringify(state)).not.toMatch(/accessUri|\/p\//);
  });

  it("discovers the namespace once, checks the bucket, and never sends a PSK to Notifications", async () => {
    h.seed("bgp-ikev1");
    await h.invoke(loadEvent("create-bgp-ikev1"));
    expect(h.fake.requestsTo("GET", /^\/n$/)).toHaveLength(1);
    expect(h.fake.requestsTo("GET", /^\/n\/tsfakens\/b\/tunnelsmith-configs$/)).toHaveLength(1);
    expect(h.fake.requestsTo("POST", /\/messages$/)).toHaveLength(1);
  });

  it("encrypts every object with the configured Vault key", async () => {
    h.seed("static-ikev1");
    const keyId = "ocid1.key.oc1.ap-tokyo-1.aaaaaaaatestkey.aaaaaaaakeytail";
    await h.invoke(loadEvent("create-static-ikev1"), {
      handler: h.handler({ TUNNELSMITH_KMS_KEY_ID: keyId }),
    });
    const objects = [...(h.fake.buckets.get(BUCKET)?.objects.values() ?? [])];
    expect(objects.length).toBeGreaterThan(1);
    for (const o of objects) expect(o.kmsKeyId).toBe(keyId);
  });

  it("uses the configured namespace and PAR lifetime", async () => {
    h.seed("static-ikev1");
    h.fake.namespace = "configuredns";
    const handler = h.handler({ TUNNELSMITH_NAMESPACE: "configuredns", TUNNELSMITH_LINK_TTL_DAYS: "2" });
    await h.invoke(loadEvent("create-static-ikev1"), { handler });
    expect(h.fake.requestsTo("GET", /^\/n$/)).toHaveLength(0);
    const pars = [...(h.fake.buckets.get(BUCKET)?.pars.values() ?? [])];
    for (const par of pars)
      expect(par.timeExpires).toBe(new Date(T0.getTime() + 2 * 86400_000).toISOString());
  });
});
