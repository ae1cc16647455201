import { describe, expect, it } from "vitest";
import { loadSettings } from "../../shared/config/settings.ts";
import { ConfigError } from "../../shared/errors.ts";

function issues(env: Record<string, string>): string[] {
  try {
    loadSettings(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  throw new Error("expected a ConfigError");
}

const KEY = "k".repeat(32);

describe("settings", () => {
  it("local mode needs nothing and has documented defaults", () => {
    const s = loadSettings({});
    expect(s).toMatchObject({
      mode: "local",
      linkTtlSeconds: 7 * 86400,
      defaultVendors: ["libreswan"],
      oracleHelper: "auto",
      pskFingerprintKey: null,
      defaultTimeoutSeconds: 30,
      oci: null,
    });
    expect(s.cpeEventTypes).toEqual(["com.oraclecloud.virtualnetwork.updatecpe"]);
  });

  it("oci mode lists every missing key at once", () => {
    expect(issues({ TUNNELSMITH_MODE: "oci" })).toEqual([
      "TUNNELSMITH_PSK_FINGERPRINT_KEY: is not set (required in oci mode; at least 32 random characters)",
      "TUNNELSMITH_BUCKET: is not set",
      "TUNNELSMITH_TOPIC_ID: is not set",
    ]);
  });

  it("oci mode validates every value it reads", () => {
    expect(
      issues({
        TUNNELSMITH_MODE: "oci",
        TUNNELSMITH_PSK_FINGERPRINT_KEY: "short",
        TUNNELSMITH_BUCKET: "my bucket",
        TUNNELSMITH_NAMESPACE: "Bad_NS",
        TUNNELSMITH_TOPIC_ID: "ocid1.topic.oc1..x",
        TUNNELSMITH_KMS_KEY_ID: "ocid1.vault.oc1..x",
        TUNNELSMITH_ENDPOINT_IAAS: "iaas.example.com",
        TUNNELSMITH_ORACLE_CIDRS: "10.0.0.1/16",
        TUNNELSMITH_LINK_TTL_DAYS: "400",
        TUNNELSMITH_RETRY_MAX_ATTEMPTS: "0",
        TUNNELSMITH_DEFAULT_VENDORS: "Cisco",
      }),
    ).toEqual([
      expect.stringMatching(/^TUNNELSMITH_LINK_TTL_DAYS: must be a number from/),
      'TUNNELSMITH_DEFAULT_VENDORS: "Cisco" is not a vendor id like libreswan',
      "TUNNELSMITH_PSK_FINGERPRINT_KEY: must be at least 32 characters (use a random value)",
      "TUNNELSMITH_BUCKET: must be a bucket name ([A-Za-z0-9_.-])",
      "TUNNELSMITH_NAMESPACE: must be an Object Storage namespace (lower-case letters and digits)",
      "TUNNELSMITH_TOPIC_ID: must be a topic OCID (ocid1.onstopic.…)",
      "TUNNELSMITH_KMS_KEY_ID: must be a key OCID (ocid1.key.…)",
      expect.stringMatching(/^TUNNELSMITH_ORACLE_CIDRS: "10\.0\.0\.1\/16" has host bits set/),
      expect.stringMatching(/^TUNNELSMITH_ENDPOINT_IAAS: must be an http\(s\) URL/),
      expect.stringMatching(/^TUNNELSMITH_RETRY_MAX_ATTEMPTS: must be a number from 1 to 10/),
    ]);
  });

  const base = {
    TUNNELSMITH_MODE: "oci",
    TUNNELSMITH_PSK_FINGERPRINT_KEY: KEY,
    TUNNELSMITH_BUCKET: "tunnelsmith-configs",
    TUNNELSMITH_TOPIC_ID: "ocid1.onstopic.oc1.ap-tokyo-1.aaaaaaaatopic",
  };

  it("uses the resource principal inside OCI Functions and the config file elsewhere", () => {
    expect(loadSettings({ ...base, OCI_RESOURCE_PRINCIPAL_VERSION: "2.2" }).oci?.auth).toEqual({
      kind: "resource-principal",
    });
    expect(
      loadSettings({ ...base, OCI_CONFIG_FILE: "/secure/oci.conf", OCI_CLI_PROFILE: "VPN" }).oci?.auth,
    ).toEqual({
      kind: "config-file",
      configFile: "/secure/oci.conf",
      profile: "VPN",
    });
    expect(loadSettings(base).oci?.auth).toEqual({ kind: "config-file", configFile: null, profile: null });
  });

  it("reads endpoint overrides, Oracle CIDRs, PAR lifetime and event types", () => {
    const s = loadSettings({
      ...base,
      TUNNELSMITH_ENDPOINT_IAAS: "https://iaas.ap-tokyo-1.oraclecloud.com/",
      TUNNELSMITH_ENDPOINT_OBJECTSTORAGE: "http://127.0.0.1:8080",
      TUNNELSMITH_ORACLE_CIDRS: "10.0.2.0/24, 10.0.3.0/24",
      TUNNELSMITH_LINK_TTL_DAYS: "1.5",
      TUNNELSMITH_DELETE_EVENT_TYPES:
        "com.oraclecloud.virtualnetwork.deleteipsecconnection,com.example.x.delete",
    });
    expect(s.oci?.endpoints).toEqual({
      iaas: "https://iaas.ap-tokyo-1.oraclecloud.com",
      objectStorage: "http://127.0.0.1:8080",
      notifications: null,
    });
    expect(s.oci?.oracleCidrs).toEqual(["10.0.2.0/24", "10.0.3.0/24"]);
    expect(s.linkTtlSeconds).toBe(129600);
    expect(s.deleteEventTypes).toHaveLength(2);
  });
});
