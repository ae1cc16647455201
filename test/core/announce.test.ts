import { describe, expect, it } from "vitest";
import { announceOnce } from "../../shared/core/announce.ts";
import { newState } from "../../shared/core/state.ts";
import { OutcomeUnknownError } from "../../shared/errors.ts";
import { createLogger } from "../../shared/logger.ts";
import type { Notification, Notifier } from "../../shared/ports.ts";

const logger = createLogger({ level: "error", write: () => {} });
const NOW = new Date("2026-11-22T05:00:00Z");
const message = (): Notification => ({ title: "t", body: "b" });

/** A topic that records what it was given and answers as told. */
function topic(answer: "ok" | "unknown"): Notifier & { sent: number } {
  const t = {
    sent: 0,
    async publish() {
      t.sent += 1;
      if (answer === "unknown") throw new OutcomeUnknownError("PublishMessage", "503 after sending");
      return { messageId: `m${t.sent}` };
    },
  };
  return t;
}

describe("announceOnce", () => {
  it("records a publish whose outcome is unknown as maybe sent, and a redelivery with the same links sends nothing", async () => {
    const first = topic("unknown");
    const record = await announceOnce(first, message, ["b", "a"], null, NOW, logger);
    expect(record).toMatchObject({ messageId: null, outcome: "unknown" });
    expect(first.sent).toBe(1);

    const again = topic("ok");
    const previous = { ...newState("ocid1.ipsecconnection.oc1..x"), announcement: record };
    expect(await announceOnce(again, message, ["a", "b"], previous, NOW, logger)).toEqual(record);
    expect(again.sent).toBe(0);
  });

  it("sends again for a different set of links", async () => {
    const t = topic("ok");
    const first = await announceOnce(t, message, ["a"], null, NOW, logger);
    const previous = { ...newState("ocid1.ipsecconnection.oc1..x"), announcement: first };
    const second = await announceOnce(t, message, ["c"], previous, NOW, logger);
    expect([first.messageId, second.messageId]).toEqual(["m1", "m2"]);
    expect(second.key).not.toBe(first.key);
  });

  it("lets any other failure through (the render fails and is retried)", async () => {
    const broken: Notifier = {
      publish: async () => {
        throw new Error("400 InvalidParameter");
      },
    };
    await expect(announceOnce(broken, message, ["a"], null, NOW, logger)).rejects.toThrow(/InvalidParameter/);
  });
});
