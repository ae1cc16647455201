/**
 * The calls each event of the API-call benchmark needs, written by hand with the reason for each, to put next
 * to what the fake counted. The scenario: the STATIC sample on a CPE with a device shape, vendors libreswan +
 * Oracle's helper, so F = 12 files (7 libreswan/Linux files, install.sh and the 3 agent files of issue 20, and
 * `oci-helper/oci-cpe-config.txt`); the headend change alters 3 of them (the conf, the secrets and install.sh, which
 * names the peers it waits for). Anything counted above these numbers is a call to remove.
 */
export interface NeededCall {
  op: string;
  count: number;
  reason: string;
}

const F = 12;

const readConnection: NeededCall[] = [
  { op: "GetIPSecConnection", count: 1, reason: "state, CPE, DRG and routing of the connection" },
  { op: "ListIPSecConnectionTunnels", count: 1, reason: "both tunnels: headend IPs, BGP, phase settings" },
  { op: "GetIPSecConnectionTunnelSharedSecret", count: 2, reason: "one PSK per tunnel (no batch call)" },
  { op: "GetCpe", count: 1, reason: "CPE IP and the tunnelsmith-* site tags" },
  { op: "GetDrg", count: 1, reason: "the DRG's compartment, where its VCN attachments are listed" },
  {
    op: "ListDrgAttachments",
    count: 1,
    reason: "VCNs attached to the DRG (DRG and connection share a compartment)",
  },
  { op: "GetVcn", count: 1, reason: "Oracle-side CIDRs of the attached VCN (STATIC routing)" },
  { op: "ListIPSecConnections", count: 1, reason: "other connections on the CPE, for the interface slot" },
  { op: "GetIpsecCpeDeviceConfigContent", count: 1, reason: "Oracle's helper text (the CPE has a shape)" },
];

const lease: NeededCall[] = [
  { op: "GetObject state.json", count: 1, reason: "last event, files, links and etag (404 when new)" },
  { op: "PutObject state.json", count: 2, reason: "take the lease (If-Match), then record the result" },
];

/** Links converge on the listing, never on ids read from state.json (issue 17.6, shared/core/links.ts). */
const listLinksBefore: NeededCall = {
  op: "ListPreauthenticatedRequests",
  count: 1,
  reason: "links under the prefix now: any state.json does not record is revoked",
};

const publish = (count: number, why: string): NeededCall[] => [
  { op: "PutObject file", count, reason: why },
  listLinksBefore,
  {
    op: "ListPreauthenticatedRequests",
    count: 1,
    reason: "listed again after the creates: a create whose answer was lost left a link to revoke",
  },
  {
    op: "CreatePreauthenticatedRequest",
    count: F,
    reason: "a new link per file: one message lists every link",
  },
  { op: "PublishMessage", count: 1, reason: "one message with the links" },
];

/** Needed calls by the benchmark's event label. */
export const NEEDED: Record<string, NeededCall[]> = {
  "create (cold container)": [
    { op: "GetNamespace", count: 1, reason: "once per container (none with TUNNELSMITH_NAMESPACE)" },
    { op: "GetBucket", count: 1, reason: "public-access check, once per container per 5 min" },
    { op: "GetCpeDeviceShape", count: 1, reason: "vendor/version of the shape, once per container" },
    ...lease,
    ...readConnection,
    ...publish(F, "every file is new"),
  ],
  "create, redelivered (duplicate)": [
    { op: "GetObject state.json", count: 1, reason: "shows the eventID was handled; nothing else" },
  ],
  "create (warm container)": [...lease, ...readConnection, ...publish(F, "every file is new")],
  "update, nothing changed": [...lease, ...readConnection, listLinksBefore],
  "update, headend IP changed": [
    ...lease,
    ...readConnection,
    ...publish(3, "only the 3 files whose content changed"),
    {
      op: "DeletePreauthenticatedRequest",
      count: F,
      reason: "every old link (it would serve the new content)",
    },
  ],
  "rotation (one tunnel)": [
    {
      op: "GetObject state.json",
      count: 1,
      reason: "key ages, unfinished rotation, files and links; the lease is taken on this read",
    },
    ...readConnection.filter((c) => c.op !== "GetIpsecCpeDeviceConfigContent"),
    {
      op: "PutObject state.json",
      count: 4,
      reason:
        "lease; rotation recorded before the key changes; rendering; configs recorded and rotation closed as the lease is given up",
    },
    { op: "UpdateIPSecConnectionTunnelSharedSecret", count: 1, reason: "the new key for one tunnel" },
    {
      op: "GetIPSecConnectionTunnel",
      count: 2,
      reason: "poll until the tunnel is AVAILABLE again (2 polls here)",
    },
    ...readConnection,
    ...publish(1, "only the secrets file holds the rotated key"),
    { op: "DeletePreauthenticatedRequest", count: F, reason: "every old link" },
  ],
  "alarm, tunnel down": [
    {
      op: "GetObject state.json",
      count: 1,
      reason: "last recorded tunnel states (what changed, since when)",
    },
    {
      op: "GetIPSecConnection",
      count: 1,
      reason: "the connection named by the alarm still exists; its name",
    },
    {
      op: "ListIPSecConnectionTunnels",
      count: 1,
      reason: "live status of both tunnels (is the other one up?)",
    },
    {
      op: "PutObject state.json",
      count: 2,
      reason: "lease, then the new tunnel states once the alert is out",
    },
    { op: "PublishMessage", count: 1, reason: "the alert" },
  ],
  "sweep (2 connections, 1 recovered)": [
    { op: "ListIPSecConnections", count: 1, reason: "every connection of the compartment, tunnels' parents" },
    {
      op: "GetObject sweep cursor",
      count: 1,
      reason: "where the last sweep stopped: the connections it had no time for go first",
    },
    {
      op: "GetObject state.json",
      count: 2,
      reason: "per connection: last recorded states and drift baseline",
    },
    { op: "ListIPSecConnectionTunnels", count: 2, reason: "per connection: live tunnel and BGP status" },
    {
      op: "GetIPSecConnectionTunnelSharedSecret",
      count: 4,
      reason: "per tunnel: PSK changed outside tunnelsmith?",
    },
    { op: "PutObject state.json", count: 4, reason: "per changed connection: lease and new states" },
    { op: "PublishMessage", count: 1, reason: "the recovery alert" },
  ],
  delete: [
    { op: "GetIPSecConnection", count: 1, reason: "refuse unless the connection is really gone" },
    {
      op: "ListIPSecConnections",
      count: 1,
      reason: "a 404 may be a lost permission: gone only when its compartment no longer lists it",
    },
    { op: "GetObject state.json", count: 1, reason: "files and links recorded" },
    { op: "PutObject state.json", count: 1, reason: "take the lease" },
    {
      op: "ListPreauthenticatedRequests",
      count: 1,
      reason: "links state.json may not know (lost or edited)",
    },
    { op: "DeletePreauthenticatedRequest", count: F, reason: "revoke every link" },
    { op: "ListObjects", count: 1, reason: "objects state.json may not know" },
    { op: "DeleteObject file", count: F, reason: "delete every file" },
    { op: "PublishMessage", count: 1, reason: "tell the CPE admin what to remove" },
    { op: "DeleteObject state.json", count: 1, reason: "last: releases the lease" },
  ],
};

/**
 * The calls `TUNNELSMITH_AGENT=on` adds per event (issue 20; the benchmark runs with it off, so NEEDED above is
 * unchanged and the agent adds no call there). Same scenario: the libreswan folder gains agent.conf and
 * manifest.json (F + 2 files), no CPE key pinned yet (with one, every PSK file and agent.conf is stored again
 * whenever the manifest is, because sealing is randomized).
 */
export const AGENT_EXTRA: Record<string, NeededCall[]> = {
  "create (warm container)": [
    {
      op: "GetObject status",
      count: 1,
      reason: "the agent's report (404: none yet); its key is pinned on first use",
    },
    {
      op: "CreatePreauthenticatedRequest",
      count: 2,
      reason: "the agent's read link (folder prefix) and status link",
    },
    { op: "PutObject file", count: 2, reason: "agent.conf (names both links), then manifest.json last" },
    {
      op: "CreatePreauthenticatedRequest",
      count: 2,
      reason: "the per-file links of agent.conf and manifest.json",
    },
  ],
  "update, nothing changed": [
    { op: "GetObject status", count: 1, reason: "a new report may pin a key or confirm superseded links" },
  ],
  "update, headend IP changed": [
    { op: "GetObject status", count: 1, reason: "the agent's report" },
    { op: "PutObject file", count: 1, reason: "manifest.json names the changed files' new hashes" },
    {
      op: "CreatePreauthenticatedRequest",
      count: 2,
      reason: "per-file links of agent.conf and manifest.json",
    },
    { op: "DeletePreauthenticatedRequest", count: 2, reason: "their old per-file links" },
  ],
  "rotation (one tunnel)": [
    { op: "GetObject status", count: 1, reason: "rotation gate: has the agent applied the last bundle?" },
    { op: "GetObject status", count: 1, reason: "the render's read of the report" },
    { op: "PutObject file", count: 1, reason: "manifest.json (the secrets file changed)" },
    {
      op: "CreatePreauthenticatedRequest",
      count: 2,
      reason: "per-file links of agent.conf and manifest.json",
    },
    { op: "DeletePreauthenticatedRequest", count: 2, reason: "their old per-file links" },
  ],
  "agent links renewed (render or sweep near expiry)": [
    { op: "GetObject status", count: 1, reason: "the agent's report" },
    { op: "CreatePreauthenticatedRequest", count: 2, reason: "new read and status links" },
    { op: "PutObject file", count: 2, reason: "agent.conf with the new links, then manifest.json" },
    {
      op: "CreatePreauthenticatedRequest",
      count: F + 2,
      reason: "a changed folder gives every file a new link (one coherent set per message)",
    },
    { op: "DeletePreauthenticatedRequest", count: F + 2, reason: "every old per-file link" },
    { op: "PublishMessage", count: 1, reason: "the message with the new bootstrap command" },
  ],
  delete: [
    {
      op: "DeletePreauthenticatedRequest",
      count: 4,
      reason: "the agent's two links and two more per-file links",
    },
    { op: "DeleteObject file", count: 3, reason: "agent.conf, manifest.json and the agent's status object" },
  ],
};

/** Total of a needed list. */
export function neededTotal(calls: readonly NeededCall[]): number {
  return calls.reduce((sum, c) => sum + c.count, 0);
}
