import type {
  ConnectionSummary,
  LiveConnection,
  LiveRead,
  LiveReadOptions,
  LiveTunnel,
  TunnelReader,
} from "../../core/watch/live.ts";
import type { NetworkReader } from "../../ports.ts";
import type { Snapshot, SnapshotTunnel } from "../../snapshot/schema.ts";
import { readFolder } from "./snapshot-folder.ts";

/**
 * The tunnel watch on the embedded default: tunnel `status` and `bgpSessionInfo.bgpState` come from the snapshot
 * files (edit them to simulate a tunnel going down or up), read through the local network reader so lifecycle
 * states mean the same (PROVISIONING pending, TERMINATING/TERMINATED or a removed file gone). The folder has no
 * compartment tree: `includeSubcompartments` lists every snapshot in it.
 */
export function createLocalTunnelReader(dir: string, network: NetworkReader): TunnelReader {
  return {
    async readLive(connectionId: string, options: LiveReadOptions = {}): Promise<LiveRead> {
      const read = await network.readConnection(connectionId, { waitForProvisioning: false });
      if (read.status !== "ready")
        return read.status === "gone" ? read : { status: "pending", reason: read.reason };
      return { status: "found", connection: fromSnapshot(read.snapshot, options.withSecrets === true) };
    },

    async listConnections(compartmentId: string, includeSubcompartments: boolean) {
      const connections: ConnectionSummary[] = [];
      for (const file of await readFolder(dir)) {
        const summary = summaryOf(file.value);
        if (!summary) continue;
        if (summary.lifecycleState === "TERMINATING" || summary.lifecycleState === "TERMINATED") continue;
        if (includeSubcompartments || summary.compartmentId === compartmentId) connections.push(summary);
      }
      return { connections, compartments: 1 };
    },
  };
}

function fromSnapshot(s: Snapshot, withSecrets: boolean): LiveConnection {
  const c = s.ipsecConnection;
  return {
    id: c.id,
    displayName: c.displayName ?? null,
    compartmentId: c.compartmentId,
    cpeId: c.cpeId,
    lifecycleState: c.lifecycleState,
    staticRoutes: c.staticRoutes,
    tunnels: [...s.tunnels].sort((a, b) => a.id.localeCompare(b.id)).map(liveTunnel),
    sharedSecrets: withSecrets ? { ...s.sharedSecrets } : null,
  };
}

function liveTunnel(t: SnapshotTunnel): LiveTunnel {
  const b = t.bgpSessionInfo;
  return {
    id: t.id,
    displayName: t.displayName ?? null,
    vpnIp: t.vpnIp,
    cpeIp: t.cpeIp ?? null,
    status: t.status ?? null,
    lifecycleState: t.lifecycleState ?? null,
    timeStatusUpdated: t.timeStatusUpdated ?? null,
    routing: t.routing,
    ikeVersion: t.ikeVersion,
    bgp: b
      ? {
          state: b.bgpState ?? null,
          ipv6State: b.bgpIpv6State ?? null,
          oracleInterfaceIp: b.oracleInterfaceIp ?? null,
          customerInterfaceIp: b.customerInterfaceIp ?? null,
          // The snapshot schema turns ASNs into numbers; the API gives strings.
          oracleBgpAsn: b.oracleBgpAsn == null ? null : String(b.oracleBgpAsn),
          customerBgpAsn: b.customerBgpAsn == null ? null : String(b.customerBgpAsn),
        }
      : null,
    phaseOne: t.phaseOneDetails ? { ...t.phaseOneDetails } : null,
    phaseTwo: t.phaseTwoDetails ? { ...t.phaseTwoDetails } : null,
    encryptionDomain: t.encryptionDomainConfig
      ? {
          oracle: t.encryptionDomainConfig.oracleTrafficSelector,
          cpe: t.encryptionDomainConfig.cpeTrafficSelector,
        }
      : null,
  };
}

/** The summary fields of a snapshot file, or undefined when it is not one (the folder may hold other JSON). */
function summaryOf(value: Record<string, unknown>): ConnectionSummary | undefined {
  const c = value.ipsecConnection as Record<string, unknown> | undefined;
  if (typeof c?.id !== "string" || typeof c.compartmentId !== "string") return undefined;
  return {
    id: c.id,
    displayName: typeof c.displayName === "string" ? c.displayName : null,
    compartmentId: c.compartmentId,
    cpeId: typeof c.cpeId === "string" ? c.cpeId : null,
    lifecycleState: typeof c.lifecycleState === "string" ? c.lifecycleState : null,
    staticRoutes: Array.isArray(c.staticRoutes)
      ? c.staticRoutes.filter((r): r is string => typeof r === "string")
      : [],
  };
}
