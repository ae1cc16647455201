import type { AgentLinkRecord, AgentSection, AgentVendorRecord } from "../../bundle/agent-state.ts";
import type { AgentSettings } from "../../bundle/settings.ts";

/** What decides whether one vendor folder's agent links are created again. */
export interface RenewInput {
  record: AgentVendorRecord | undefined;
  /** Link ids listed under the connection's prefix now. */
  live: ReadonlySet<string>;
  now: Date;
  renewBeforeMs: number;
  /** A key was pinned just now: agent.conf (which names the links) must be sealed to it, so new links. */
  keyPinned: boolean;
  /** TUNNELSMITH_LINK_GENERATION changed: links die with their creator's permissions. */
  generationChanged: boolean;
}

/** Why the agent links need renewing, or null when the recorded pair is alive and lasts long enough. */
export function renewReason(input: RenewInput): string | null {
  const { record, live, now, renewBeforeMs } = input;
  if (!record) return "no agent links yet";
  if (input.generationChanged) return "the link generation changed";
  if (input.keyPinned) return "the CPE reported its key: agent.conf is sealed to it from now on";
  for (const link of [record.read, record.status]) {
    if (!live.has(link.id)) return "a recorded agent link no longer exists";
    if (Date.parse(link.expiresAt) - now.getTime() < renewBeforeMs) return "the agent links expire soon";
  }
  return null;
}

/**
 * The superseded links to keep alive: none once the agent reported the bundle that named their successors
 * (`confirmed`), otherwise those not expired yet. After a renewal the pair being replaced joins them, so an
 * agent that has not fetched the new agent.conf yet can still reach the bucket.
 */
export function keptPrevious(
  record: AgentVendorRecord | undefined,
  confirmed: boolean,
  renewing: boolean,
  now: Date,
): AgentLinkRecord[] {
  if (!record) return [];
  const alive = (l: AgentLinkRecord) => Date.parse(l.expiresAt) > now.getTime();
  const older = confirmed ? [] : record.previous.filter(alive);
  return renewing ? [record.read, record.status, ...older].filter(alive) : older;
}

/**
 * Why the sweep should render a connection again for its agent links (one of them expires within the renewal
 * threshold), or null. The render itself decides with {@link renewReason}; this lets a connection without
 * events keep links that last.
 */
export function agentLinksDue(
  section: AgentSection | undefined,
  now: Date,
  settings: AgentSettings | undefined,
): { reasons: string[]; summary: string; what: string; facts: null } | null {
  if (!settings?.enabled || !section) return null;
  const soon = Object.entries(section.vendors).filter(([, v]) =>
    [v.read, v.status].some(
      (l) => Date.parse(l.expiresAt) - now.getTime() < settings.renewBeforeSeconds * 1000,
    ),
  );
  if (soon.length === 0) return null;
  return {
    reasons: soon.map(([vendor]) => `the CPE agent links of ${vendor} expire within the renewal threshold`),
    summary: "agent links renewed",
    what: "updated (new CPE agent links)",
    facts: null,
  };
}
