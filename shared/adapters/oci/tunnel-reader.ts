import type * as common from "oci-common";
import type * as core from "oci-core";
import * as identity from "oci-identity";
import type {
  ConnectionSummary,
  LiveBgpSession,
  LiveConnection,
  LiveRead,
  LiveReadOptions,
  LiveTunnel,
  TunnelReader,
} from "../../core/watch/live.ts";
import type { Logger } from "../../logger.ts";
import { getConnection, listActiveConnections, listTunnels } from "./connections.ts";
import { call } from "./errors.ts";
import { listAll } from "./paging.ts";
import { readSharedSecret } from "./shared-secret.ts";
import { plainJson } from "./streams.ts";

export interface OciTunnelReaderOptions {
  network: core.VirtualNetworkClient;
  identity: identity.IdentityClient;
  retry: common.RetryConfiguration;
  logger: Logger;
}

type Json = Record<string, unknown>;

/**
 * Live tunnel state from the Networking API: `GetIPSecConnection` (skipped when the sweep's list call already
 * returned the connection) and `ListIPSecConnectionTunnels` (each tunnel's `status`, `timeStatusUpdated`,
 * `bgpSessionInfo.bgpState` and the settings drift is checked on), plus each tunnel's PSK only when asked.
 * Connections are listed per compartment; subcompartments come from Identity's `ListCompartments` (the whole
 * tree at once for a tenancy, level by level below a compartment). Every list call follows `opc-next-page`, and
 * every request retries 429/5xx within the invocation's deadline (the retry configuration).
 */
export function createOciTunnelReader(options: OciTunnelReaderOptions): TunnelReader {
  const { network, retry, logger } = options;

  return {
    async readLive(connectionId: string, readOptions: LiveReadOptions = {}): Promise<LiveRead> {
      const connection = readOptions.summary ?? (await readSummary(connectionId));
      if (connection === null) return { status: "gone", reason: "GetIPSecConnection answered 404" };
      const state = connection.lifecycleState;
      if (state === "TERMINATING" || state === "TERMINATED")
        return { status: "gone", reason: `lifecycleState ${state}` };
      if (state === "PROVISIONING") return { status: "pending", reason: "lifecycleState PROVISIONING" };
      const raw = await listTunnels(network, connectionId, retry);
      if (raw === null) return { status: "gone", reason: "ListIPSecConnectionTunnels answered 404" };
      const tunnels = raw.map((t) => liveTunnel(plainJson(t) as Json));
      if (tunnels.some((t) => t.vpnIp === null)) {
        return { status: "pending", reason: "a tunnel has no Oracle headend IP (vpnIp) yet" };
      }
      let sharedSecrets: Record<string, string> | null = null;
      if (readOptions.withSecrets) {
        sharedSecrets = {};
        for (const t of tunnels) {
          const psk = await readSharedSecret(network, connectionId, t.id, retry);
          if (psk === null)
            return { status: "gone", reason: "GetIPSecConnectionTunnelSharedSecret answered 404" };
          logger.addSecret(psk);
          sharedSecrets[t.id] = psk;
        }
      }
      const live: LiveConnection = { ...connection, tunnels, sharedSecrets };
      return { status: "found", connection: live };
    },

    async listConnections(compartmentId: string, includeSubcompartments: boolean) {
      const compartments = includeSubcompartments
        ? [compartmentId, ...(await subcompartments(compartmentId))]
        : [compartmentId];
      const connections: ConnectionSummary[] = [];
      for (const c of compartments) connections.push(...(await connectionsIn(c)));
      return { connections, compartments: compartments.length };
    },
  };

  async function readSummary(ipscId: string): Promise<ConnectionSummary | null> {
    const connection = await getConnection(network, ipscId, retry);
    return connection === null ? null : summary(plainJson(connection) as Json);
  }

  async function connectionsIn(compartmentId: string): Promise<ConnectionSummary[]> {
    const items: ConnectionSummary[] = [];
    for (const c of await listActiveConnections(network, { compartmentId }, retry)) {
      const s = summary(plainJson(c) as Json);
      if (s !== null) items.push(s);
    }
    return items;
  }

  /** Active compartments below `root`: for a tenancy in one subtree listing, otherwise level by level. */
  async function subcompartments(root: string): Promise<string[]> {
    if (root.startsWith("ocid1.tenancy.")) return listCompartments(root, true);
    const found: string[] = [];
    let level = [root];
    while (level.length > 0) {
      const next: string[] = [];
      for (const parent of level) next.push(...(await listCompartments(parent, false)));
      found.push(...next);
      level = next;
    }
    return found;
  }

  async function listCompartments(compartmentId: string, subtree: boolean): Promise<string[]> {
    const compartments = await call("OCI identity", "ListCompartments", () =>
      listAll((page) =>
        options.identity.listCompartments({
          compartmentId,
          compartmentIdInSubtree: subtree,
          accessLevel: identity.requests.ListCompartmentsRequest.AccessLevel.Any,
          lifecycleState: "ACTIVE",
          page,
          retryConfiguration: retry,
        }),
      ),
    );
    return compartments.map((c) => c.id);
  }
}

function summary(c: Json): ConnectionSummary | null {
  if (typeof c.id !== "string" || typeof c.compartmentId !== "string") return null;
  return {
    id: c.id,
    displayName: str(c.displayName),
    compartmentId: c.compartmentId,
    cpeId: str(c.cpeId),
    lifecycleState: str(c.lifecycleState),
    staticRoutes: Array.isArray(c.staticRoutes)
      ? c.staticRoutes.filter((r): r is string => typeof r === "string")
      : [],
  };
}

function liveTunnel(t: Json): LiveTunnel {
  const b = obj(t.bgpSessionInfo);
  const domain = obj(t.encryptionDomainConfig);
  const bgp: LiveBgpSession | null = b
    ? {
        state: str(b.bgpState),
        ipv6State: str(b.bgpIpv6State),
        oracleInterfaceIp: str(b.oracleInterfaceIp),
        customerInterfaceIp: str(b.customerInterfaceIp),
        oracleBgpAsn: str(b.oracleBgpAsn),
        customerBgpAsn: str(b.customerBgpAsn),
      }
    : null;
  return {
    id: String(t.id),
    displayName: str(t.displayName),
    vpnIp: str(t.vpnIp),
    cpeIp: str(t.cpeIp),
    status: str(t.status),
    lifecycleState: str(t.lifecycleState),
    timeStatusUpdated: str(t.timeStatusUpdated),
    routing: str(t.routing),
    ikeVersion: str(t.ikeVersion),
    bgp,
    phaseOne: obj(t.phaseOneDetails),
    phaseTwo: obj(t.phaseTwoDetails),
    encryptionDomain: domain
      ? { oracle: strings(domain.oracleTrafficSelector), cpe: strings(domain.cpeTrafficSelector) }
      : null,
  };
}

const str = (v: unknown): string | null =>
  typeof v === "string" || typeof v === "number" ? String(v) : null;
const obj = (v: unknown): Json | null =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Json) : null;
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
