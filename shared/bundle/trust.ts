import type { AgentSection } from "./agent-state.ts";
import { parseSealKey, SealKeyError, sealKeyId } from "./encrypt-secret.ts";

/**
 * Trust on first use for the CPE's public key (issue 20.4). The first valid key an agent reports is pinned and
 * every later PSK file is sealed to it. A different key reported afterwards is never adopted: whoever holds the
 * status write link could otherwise get the next PSK sealed to a key of their own. It is refused, the bundle
 * stays sealed to the pinned key, and people are told once per new key (a reinstalled CPE has a new key: an
 * operator clears `agent.publicKey` in state.json to re-bootstrap it).
 */
export type KeyDecision =
  /** No key pinned and none reported: PSK files are served as rendered (the bootstrap window). */
  | { kind: "none" }
  /** Sealing to the pinned key (the report agrees, or says nothing). */
  | { kind: "pinned"; pem: string; keyId: string }
  /** The first key reported: pin it now. */
  | { kind: "pin"; pem: string; keyId: string }
  /** A key other than the pinned one (or an unusable one): refused; `alert` is true the first time. */
  | {
      kind: "refused";
      pinned: { pem: string; keyId: string } | null;
      reportedKeyId: string;
      alert: boolean;
      why: string;
    };

/** Decides which key the bundle is sealed to, from the pinned key and the key in the agent's last report. */
export function decideKey(section: AgentSection, reportedPem: string | null): KeyDecision {
  const pinned = section.publicKey ? { pem: section.publicKey.pem, keyId: section.publicKey.keyId } : null;
  if (reportedPem === null || reportedPem.trim() === "")
    return pinned ? { kind: "pinned", ...pinned } : { kind: "none" };
  let keyId: string;
  try {
    keyId = sealKeyId(parseSealKey(reportedPem));
  } catch (error) {
    if (!(error instanceof SealKeyError)) throw error;
    const reportedKeyId = "invalid";
    return {
      kind: "refused",
      pinned,
      reportedKeyId,
      alert: section.refusedKeyId !== reportedKeyId,
      why: error.issues[0]?.message ?? error.message,
    };
  }
  if (pinned === null) return { kind: "pin", pem: reportedPem, keyId };
  if (pinned.keyId === keyId) return { kind: "pinned", ...pinned };
  return {
    kind: "refused",
    pinned,
    reportedKeyId: keyId,
    alert: section.refusedKeyId !== keyId,
    why: `the CPE reported public key ${keyId.slice(0, 16)}…, not the pinned ${pinned.keyId.slice(0, 16)}…`,
  };
}
