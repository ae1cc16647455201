import { randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Clock, Notification, Notifier } from "../../ports.ts";

// Messages published in the same millisecond (one invocation's alerts) must still sort in publish order, since
// readers sort the outbox by name: a per-process sequence follows the timestamp, ahead of the random id.
let sequence = 0;

/**
 * A local outbox standing in for a Notifications topic: one JSON file per message in `<root>/outbox/`, and one
 * line on `print` (stdout by default) so a local run shows that something was sent.
 */
export function createLocalNotifier(
  root: string,
  clock: Clock,
  print: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Notifier {
  const outbox = join(root, "outbox");
  return {
    async publish(message: Notification) {
      const messageId = randomUUID();
      const publishedAt = clock.now().toISOString();
      await mkdir(outbox, { recursive: true });
      sequence += 1;
      const order = String(sequence).padStart(6, "0");
      const file = join(outbox, `${publishedAt.replace(/[:.]/g, "-")}-${order}-${messageId}.json`);
      await writeFile(file, `${JSON.stringify({ messageId, publishedAt, ...message }, null, 2)}\n`);
      print(`[outbox] ${message.title} -> ${file}`);
      return { messageId };
    },
  };
}
