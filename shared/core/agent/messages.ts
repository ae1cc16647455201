import type { ConnectionModel } from "../../model/types.ts";
import type { Notification } from "../../ports.ts";
import { fitBody } from "../notification.ts";

/** A Linux vendor folder the agent can bootstrap from, with the URL just created (only known at creation). */
export interface Bootstrap {
  vendor: string;
  readUrl: string;
  agentScript: string;
}

function title(text: string): string {
  return text.length <= 200 ? text : `${text.slice(0, 199)}…`;
}

/** The one command that installs the agent and the first bundle on a CPE (root: it writes /etc). */
export function bootstrapCommand(b: Bootstrap): string {
  if (/^https:\/\//.test(b.readUrl)) {
    return `curl -fsSo /tmp/${b.agentScript} '${b.readUrl}${b.agentScript}' && sudo sh /tmp/${b.agentScript} --once --source '${b.readUrl}'`;
  }
  // A local bucket folder: the same agent, with the folder as its source.
  return `sudo sh '${b.readUrl}${b.agentScript}' --once --source '${b.readUrl}'`;
}

/** The lines the "configs ready" (or rotation) message gains when agent links were just created. */
export function bootstrapLines(bootstrap: readonly Bootstrap[], notifyUrl: boolean): string[] {
  if (bootstrap.length === 0) return [];
  return [
    "",
    "Linux CPE agent (installs this folder, then keeps it applied; see docs/agent.md):",
    ...bootstrap.flatMap((b) => [
      `  ${b.vendor}: on the CPE, once, as root:`,
      notifyUrl
        ? `    ${bootstrapCommand(b)}`
        : "    (the bootstrap link is not sent by notification, TUNNELSMITH_NOTIFY_LINKS=false; take it from the CLI)",
    ]),
    "  The link reads only this folder; PSK files in it are sealed to the CPE's key once the agent has reported it.",
  ];
}

/** Adds the bootstrap lines to a message. */
export function withBootstrap(
  message: Notification,
  bootstrap: readonly Bootstrap[],
  notifyUrl: boolean,
): Notification {
  const lines = bootstrapLines(bootstrap, notifyUrl);
  if (lines.length === 0) return message;
  return { ...message, body: fitBody([...message.body.split("\n"), ...lines]) };
}

/** A key other than the pinned one (or an unusable one) in the agent's report: refused, said once. */
export function keyRefusedNotification(model: ConnectionModel, why: string, pinned: boolean): Notification {
  return {
    title: title(`tunnelsmith: ${model.label} CPE agent reported another key, refused`),
    body: fitBody([
      `The CPE agent of IPSec connection "${model.label}" (${model.id}) on CPE ${model.cpe.label} reported a public key that was not adopted: ${why}.`,
      pinned
        ? "PSK files stay sealed to the key pinned at bootstrap; the CPE cannot open them with another key."
        : "No key is pinned: PSK files stay as rendered until a valid key is reported.",
      "If the CPE was reinstalled (new key pair), remove `agent.publicKey` from the connection's state.json to",
      "pin its new key on its next report. Otherwise someone holding the status link wrote this report: renew",
      "the links (re-render the connection) and check who had them.",
    ]),
  };
}

/** A CPE agent that did not report the stored bundle within the window (rotation waits for it). */
export function agentSilentNotification(
  label: string,
  connectionId: string,
  cpe: string,
  since: string,
  minutes: number,
): Notification {
  return {
    title: title(`tunnelsmith: ${label} CPE agent has not reported the new bundle`),
    body: fitBody([
      `The CPE agent of IPSec connection "${label}" (${connectionId}) on CPE ${cpe} has not reported applying the bundle stored at ${since} within ${minutes} minutes.`,
      "PSK rotation does not move on to the other tunnel until it does.",
      "On the CPE: systemctl status <agent timer> ; journalctl -u <agent service> (names in docs/agent.md).",
    ]),
  };
}
