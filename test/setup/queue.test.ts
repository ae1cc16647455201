import { describe, expect, it } from "vitest";
import type { Json } from "../msw/fake-oci.ts";
import { queuesOf } from "../msw/queue.ts";
import { adminQueuesOf } from "../msw/queue-admin.ts";
import { COMPARTMENT, NETWORK, useSetupHarness } from "./harness.ts";

const h = useSetupHarness();
const FLAGS = ["--network-compartment", NETWORK, "--queue", "--queue-max-deliveries", "7"];
const config = () => h.fake.control.functions.get(h.functionId)?.config as Record<string, string>;
const queues = () => [...adminQueuesOf(h.fake).values()];

describe("tunnelsmith setup --queue", () => {
  it("shows the work queue in the plan and creates nothing on a dry run", async () => {
    const run = await h.setup([...FLAGS, "--dry-run"]);

    expect(run.code, run.err.join("\n")).toBe(0);
    expect(run.text).toMatch(/\+ create queue +tunnelsmith-sweep/);
    expect(run.text).toContain("deadLetterQueueDeliveryCount: 7");
    expect(run.text).toContain("visibilityInSeconds: 900");
    expect(run.text).toContain("config.TUNNELSMITH_QUEUE_ID: (unset) → (new queue)");
    expect(run.text).toContain("config.TUNNELSMITH_QUEUE_ENDPOINT: (unset) → (new queue:endpoint)");
    expect(queues()).toEqual([]);
  });

  it("creates the queue once, tagged, and points the function at it; a second run changes nothing", async () => {
    const first = await h.setup(FLAGS);

    expect(first.code, first.err.join("\n")).toBe(0);
    const [queue, ...more] = queues();
    expect(more).toEqual([]);
    expect(queue).toMatchObject({
      displayName: "tunnelsmith-sweep",
      compartmentId: COMPARTMENT,
      deadLetterQueueDeliveryCount: 7,
      visibilityInSeconds: 900,
      retentionInSeconds: 86_400,
      freeformTags: { "tunnelsmith-setup": "tunnelsmith" },
    });
    expect(config().TUNNELSMITH_QUEUE_ID).toBe(queue?.id);
    expect(config().TUNNELSMITH_QUEUE_ENDPOINT).toBe(queue?.messagesEndpoint);
    expect(config().TUNNELSMITH_QUEUE_ENDPOINT).toMatch(/^https:\/\/cell-1\.queue\./);
    expect(config().TUNNELSMITH_QUEUE_MAX_DELIVERIES).toBe("7");
    // The messages side of the fake knows the queue with the same delivery count.
    expect(queuesOf(h.fake).get(String(queue?.id))?.maxDeliveries).toBe(7);

    const before = h.fake.requests.length;
    const second = await h.setup(FLAGS);
    expect(second.code, second.err.join("\n")).toBe(0);
    expect(h.writesSince(before)).toEqual([]);
    expect(queues()).toHaveLength(1);
  });

  it("schedules one shard worker and the alert publisher", async () => {
    const run = await h.setup([...FLAGS, "--publish-cron", "*/2 * * * *"]);

    expect(run.code, run.err.join("\n")).toBe(0);
    const byName = new Map([...h.fake.control.schedules.values()].map((s) => [s.displayName, s]));
    const body = (name: string) =>
      ((byName.get(name)?.resources as Json[] | undefined)?.[0]?.parameters as Json[] | undefined)?.[0]
        ?.value;
    expect(byName.get("tunnelsmith-sweep-shard")?.recurrenceDetails).toBe("*/5 * * * *");
    expect(body("tunnelsmith-sweep-shard")).toEqual({ action: "sweep-shard" });
    expect(byName.get("tunnelsmith-publish-alerts")?.recurrenceDetails).toBe("*/2 * * * *");
    expect(body("tunnelsmith-publish-alerts")).toEqual({ action: "publish-alerts" });
  });

  it("brings a drifted delivery count and visibility back", async () => {
    expect((await h.setup(FLAGS)).code).toBe(0);
    const before = h.fake.requests.length;

    const run = await h.setup([
      ...FLAGS.slice(0, 3),
      "--queue-max-deliveries",
      "3",
      "--detached-timeout",
      "600s",
    ]);

    expect(run.code, run.err.join("\n")).toBe(0);
    expect(run.text).toMatch(/~ update queue +tunnelsmith-sweep/);
    expect(h.writesSince(before).filter((w) => w.includes(" queue "))).toEqual([
      `PUT queue /queues/${String(queues()[0]?.id)}`,
    ]);
    expect(queues()[0]).toMatchObject({ deadLetterQueueDeliveryCount: 3, visibilityInSeconds: 600 });
    expect(config().TUNNELSMITH_QUEUE_MAX_DELIVERIES).toBe("3");
  });

  it("is not created without --queue", async () => {
    const run = await h.setup(["--network-compartment", NETWORK]);

    expect(run.code, run.err.join("\n")).toBe(0);
    expect(queues()).toEqual([]);
    expect(config().TUNNELSMITH_QUEUE_ID).toBeUndefined();
  });

  it("is deleted by teardown, before the topics", async () => {
    expect((await h.setup(FLAGS)).code).toBe(0);
    const before = h.fake.requests.length;

    const run = await h.cli(["teardown", "--compartment", COMPARTMENT, "--network-compartment", NETWORK]);

    expect(run.code, run.err.join("\n")).toBe(0);
    expect(queues()).toEqual([]);
    const deletes = h.writesSince(before).map((w) => w.split(" ").slice(1, 3).join(" "));
    const queueAt = deletes.findIndex((w) => w.startsWith("queue /queues/"));
    const topicAt = deletes.findIndex((w) => w.includes("/topics/"));
    expect(queueAt).toBeGreaterThanOrEqual(0);
    expect(queueAt).toBeLessThan(topicAt);
  });

  it("is in the IAM: --print-policies prints the queue statements, and --iam creates the same policy", async () => {
    const printed = await h.setup([...FLAGS, "--iam", "--print-policies"]);
    expect(printed.code, printed.err.join("\n")).toBe(0);
    const statement = `Allow dynamic-group tunnelsmith-fn to use queues in compartment id ${COMPARTMENT}`;
    expect(printed.out).toContain(statement);
    expect(printed.out).toContain(`Allow group <group> to manage queues in compartment id ${COMPARTMENT}`);
    expect(printed.text).toContain("The queue statement's verb is unconfirmed");
    expect(printed.text).not.toContain("work queue is not included");

    expect((await h.setup([...FLAGS, "--iam"])).code).toBe(0);
    const [policy] = [...h.fake.control.policies.values()];
    expect(policy?.statements).toContain(statement);
  });

  it("is left out of the printed IAM without --queue, with a note saying so", async () => {
    const printed = await h.setup(["--network-compartment", NETWORK, "--iam", "--print-policies"]);
    expect(printed.code).toBe(0);
    expect(printed.text).not.toMatch(/queues in compartment/);
    expect(printed.text).toContain(
      "# - The sweep's work queue is not included: add --queue if setup creates it.",
    );
  });
});
