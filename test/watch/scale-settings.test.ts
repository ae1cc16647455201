import { describe, expect, it } from "vitest";
import { loadSettings } from "../../shared/config/settings.ts";
import { ConfigError } from "../../shared/errors.ts";
import { ociEnv } from "../oci/harness.ts";

const issuesOf = (env: Record<string, string | undefined>): string[] => {
  try {
    loadSettings(ociEnv(env));
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((i) => i.path);
    throw error;
  }
  return [];
};

describe("tenancy-scale settings", () => {
  it("defaults: no queue, no client-side budget, 60 alerts a minute, daily PSK reads, shards of 200", () => {
    const s = loadSettings(ociEnv());
    expect(s.oci?.queue).toBeNull();
    expect(s.oci?.apiBudget).toBeNull();
    expect(s.watch).toMatchObject({ alertsPerMinute: 60, pskCheckHours: 24, shardSize: 200 });
  });

  it("takes 10 a minute when the alert topic has an e-mail subscription, unless set explicitly", () => {
    expect(loadSettings(ociEnv({ TUNNELSMITH_ALERT_EMAIL_SUBSCRIBED: "true" })).watch?.alertsPerMinute).toBe(
      10,
    );
    expect(
      loadSettings(ociEnv({ TUNNELSMITH_ALERT_EMAIL_SUBSCRIBED: "true", TUNNELSMITH_ALERTS_PER_MINUTE: "5" }))
        .watch?.alertsPerMinute,
    ).toBe(5);
  });

  it("reads the queue and the request budget", () => {
    const s = loadSettings(
      ociEnv({
        TUNNELSMITH_QUEUE_ID: "ocid1.queue.oc1.ap-tokyo-1.aaaaaaaaq",
        TUNNELSMITH_QUEUE_ENDPOINT: "https://cell-1.queue.messaging.ap-tokyo-1.oci.oraclecloud.com",
        TUNNELSMITH_API_BUDGET_PER_SECOND: "10",
        TUNNELSMITH_API_WORKERS: "5",
      }),
    );
    expect(s.oci?.queue).toEqual({
      queueId: "ocid1.queue.oc1.ap-tokyo-1.aaaaaaaaq",
      endpoint: "https://cell-1.queue.messaging.ap-tokyo-1.oci.oraclecloud.com",
      maxDeliveries: 5,
    });
    expect(s.oci?.apiBudget).toEqual({ perSecond: 10, workers: 5 });
  });

  it("names every bad value at once", () => {
    expect(
      issuesOf({
        TUNNELSMITH_QUEUE_ID: "ocid1.topic.oc1..nope",
        TUNNELSMITH_QUEUE_MAX_DELIVERIES: "0",
        TUNNELSMITH_SWEEP_SHARD_SIZE: "5",
        TUNNELSMITH_ALERTS_PER_MINUTE: "61",
        TUNNELSMITH_ALERT_EMAIL_SUBSCRIBED: "yes",
        TUNNELSMITH_LOCAL_QUEUE: "on",
      }).sort(),
    ).toEqual(
      [
        "TUNNELSMITH_ALERTS_PER_MINUTE",
        "TUNNELSMITH_ALERT_EMAIL_SUBSCRIBED",
        "TUNNELSMITH_LOCAL_QUEUE",
        "TUNNELSMITH_QUEUE_ID",
        "TUNNELSMITH_QUEUE_MAX_DELIVERIES",
        "TUNNELSMITH_SWEEP_SHARD_SIZE",
      ].sort(),
    );
    expect(issuesOf({ TUNNELSMITH_QUEUE_ENDPOINT: "https://x.example.com" })).toEqual([
      "TUNNELSMITH_QUEUE_ENDPOINT",
    ]);
  });
});
