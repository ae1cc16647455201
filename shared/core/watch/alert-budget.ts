import { z } from "zod";
import { ConflictError } from "../../errors.ts";
import type { Dependencies } from "../../ports.ts";
import type { Ledger } from "../queue/ports.ts";

const WINDOW_MS = 60_000;
/** Lost races on the budget document before giving up for this round (the next round tries again). */
const MAX_CONFLICTS = 8;

const budgetDoc = z.object({ sent: z.array(z.number()) });

/**
 * The fleet's publish budget for one topic: the times of the messages sent in the last minute, in one ledger
 * document written with If-Match, so every invocation that publishes (however many containers run) draws on the
 * same `perMinute`. A slot is taken before the message is sent and kept if sending fails: the budget errs on
 * the side of sending less. Waits (on the injected clock) for a slot while `waitUntil` allows; false when none
 * frees in time.
 */
export async function takePublishSlot(
  ledger: Ledger,
  topicKey: string,
  perMinute: number,
  waitUntil: Date,
  deps: Pick<Dependencies, "clock" | "logger">,
): Promise<boolean> {
  const name = `alert-budget/${topicKey}`;
  let conflicts = 0;
  for (;;) {
    const now = deps.clock.now().getTime();
    const entry = await ledger.read(name);
    const parsed = budgetDoc.safeParse(entry?.value);
    const sent = (parsed.success ? parsed.data.sent : [])
      .filter((t) => t > now - WINDOW_MS)
      .sort((a, b) => a - b);
    if (sent.length >= perMinute) {
      const oldest = sent[sent.length - perMinute] ?? now;
      const waitMs = oldest + WINDOW_MS - now + 1;
      if (now + waitMs > waitUntil.getTime()) return false;
      await deps.clock.sleep(waitMs);
      continue;
    }
    try {
      await ledger.write(name, { sent: [...sent, now] }, entry?.etag ?? null);
      return true;
    } catch (error) {
      if (!(error instanceof ConflictError) || ++conflicts > MAX_CONFLICTS) throw error;
      deps.logger.debug("the alert budget changed while taking a slot; reading it again", { conflicts });
    }
  }
}
