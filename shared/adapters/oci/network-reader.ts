import type * as common from "oci-common";
import type * as core from "oci-core";
import { createBackoff } from "../../core/backoff.ts";
import type { Logger } from "../../logger.ts";
import type { SlotCandidate } from "../../model/slots.ts";
import type { Clock, ConnectionRead, NetworkReader, ReadOptions } from "../../ports.ts";
import { parseSnapshot } from "../../snapshot/parse.ts";
import { getConnection, listActiveConnections, listTunnels } from "./connections.ts";
import { call, orNull, sdkError, statusOf } from "./errors.ts";
import { discoverOracleCidrs } from "./oracle-cidrs.ts";
import { readSharedSecret } from "./shared-secret.ts";
import { factsFromTags, pinnedSlotFromTags } from "./site-tags.ts";
import { bodyText, plainJson } from "./streams.ts";

const SERVICE = "OCI networking";

/** Backoff while a connection provisions, and the time kept for rendering once it is ready. */
export interface ProvisioningWait {
  firstMs: number;
  maxMs: number;
  /** Stop waiting this long before the deadline: storing, linking and notifying still need time. */
  reserveMs: number;
  /** The backoff's jitter source (shared/core/backoff.ts); tests pin it. Default Math.random. */
  random?: () => number;
}

export const DEFAULT_PROVISIONING_WAIT: ProvisioningWait = {
  firstMs: 2_000,
  maxMs: 15_000,
  reserveMs: 10_000,
};

export interface OciNetworkReaderOptions {
  client: core.VirtualNetworkClient;
  retry: common.RetryConfiguration;
  clock: Clock;
  deadline: Date;
  logger: Logger;
  /** Configured Oracle-side CIDRs (TUNNELSMITH_ORACLE_CIDRS); tags win over them, discovery is the fallback. */
  oracleCidrs: string[] | null;
  wait?: ProvisioningWait;
  /**
   * Device shapes already read, by id, shared by every invocation of a container: a shape is catalog data
   * (vendor and software version) that does not change while a container lives.
   */
  shapeCache?: Map<string, unknown>;
}

/**
 * Reads a connection from the Networking API into a validated snapshot: the connection, both tunnels (ordered by
 * id, so tunnel 1 stays tunnel 1), each PSK, the CPE and its device shape, site facts from tags, the Oracle-side
 * CIDRs, and the other connections on the CPE (for interface allocation). A connection still provisioning (or
 * whose tunnels have no headend IP yet) is polled with backoff until the deadline allows no more, then reported
 * as pending.
 */
export function createOciNetworkReader(options: OciNetworkReaderOptions): NetworkReader {
  const { client, retry, clock, deadline, logger } = options;
  const wait = options.wait ?? DEFAULT_PROVISIONING_WAIT;

  return {
    async readConnection(connectionId: string, readOptions: ReadOptions = {}): Promise<ConnectionRead> {
      const backoff = createBackoff(wait);
      for (;;) {
        const connection = await getConnection(client, connectionId, retry);
        if (connection === null) return { status: "gone", reason: "GetIPSecConnection answered 404" };
        const state = connection.lifecycleState;
        if (state === "TERMINATING" || state === "TERMINATED")
          return { status: "gone", reason: `lifecycleState ${state}` };
        const tunnels = await listTunnels(client, connectionId, retry);
        if (tunnels === null) return { status: "gone", reason: "ListIPSecConnectionTunnels answered 404" };
        const notReady = notReadyReason(connection, tunnels);
        if (notReady === null) return readReady(connection, tunnels);
        const waitFor = readOptions.waitForProvisioning !== false;
        const waitMs = backoff.next();
        if (!waitFor || clock.now().getTime() + waitMs > deadline.getTime() - wait.reserveMs) {
          return { status: "pending", reason: notReady };
        }
        logger.info("connection not ready yet; waiting", { reason: notReady, waitMs });
        await clock.sleep(waitMs);
      }
    },

    async listConnectionsOfCpe(cpeId: string, compartmentId: string | null): Promise<string[]> {
      const where =
        compartmentId ??
        (await call(SERVICE, "GetCpe", () => client.getCpe({ cpeId, retryConfiguration: retry }))).cpe
          .compartmentId;
      return (await connectionsOn(cpeId, where)).map((c) => c.id);
    },

    async readOracleCpeConfig(connectionId: string): Promise<string | null> {
      try {
        const res = await client.getIpsecCpeDeviceConfigContent({
          ipscId: connectionId,
          retryConfiguration: retry,
        });
        const text = await bodyText(res.value);
        return text.trim().length > 0 ? text : null;
      } catch (error) {
        const status = statusOf(error);
        if (status === 400 || status === 404 || status === 409) {
          logger.info("OCI has no CPE configuration helper output for this connection", { status });
          return null;
        }
        throw sdkError(SERVICE, "GetIpsecCpeDeviceConfigContent", error);
      }
    },
  };

  function connectionsOn(cpeId: string, compartmentId: string): Promise<core.models.IPSecConnection[]> {
    return listActiveConnections(client, { compartmentId, cpeId }, retry);
  }

  async function readReady(
    connection: core.models.IPSecConnection,
    tunnels: core.models.IPSecConnectionTunnel[],
  ): Promise<ConnectionRead> {
    // The reads below depend only on the connection and its tunnels, not on each other (the slot search needs the
    // CPE's id, which the connection already names): issuing them together saves round trips on every event.
    const [secrets, { cpe }, others] = await Promise.all([
      Promise.all(tunnels.map((t) => readSharedSecret(client, connection.id, t.id, retry))),
      call(SERVICE, "GetCpe", () => client.getCpe({ cpeId: connection.cpeId, retryConfiguration: retry })),
      connectionsOn(connection.cpeId, connection.compartmentId),
    ]);
    const sharedSecrets: Record<string, string> = {};
    for (const [i, t] of tunnels.entries()) {
      const secret = secrets[i];
      if (secret === null || secret === undefined)
        return { status: "gone", reason: "GetIPSecConnectionTunnelSharedSecret answered 404" };
      sharedSecrets[t.id] = secret;
    }
    const facts = factsFromTags(cpe.freeformTags, connection.freeformTags);
    const configured = facts.oracleCidrs ?? options.oracleCidrs ?? null;
    const [discovered, cpeDeviceInfo] = await Promise.all([
      configured === null && tunnels.some((t) => t.routing === "STATIC")
        ? discoverOracleCidrs(client, connection, retry, logger)
        : Promise.resolve(null),
      deviceInfo(cpe.cpeDeviceShapeId),
    ]);
    const oracleCidrs = configured ?? discovered ?? [];
    const siblings: SlotCandidate[] = others.map((c) => ({
      connectionId: c.id,
      cpeId: c.cpeId,
      timeCreated: timeString(c.timeCreated),
      pinnedSlot: pinnedSlotFromTags(c.freeformTags),
    }));
    if (!siblings.some((s) => s.connectionId === connection.id)) {
      siblings.push({
        connectionId: connection.id,
        cpeId: cpe.id,
        timeCreated: timeString(connection.timeCreated),
        pinnedSlot: facts.site.slot,
      });
    }
    const snapshot = parseSnapshot(
      {
        ipsecConnection: plainJson(connection),
        tunnels: plainJson(tunnels),
        sharedSecrets,
        cpe: plainJson(cpe),
        cpeDeviceInfo,
        oracleCidrs,
        site: facts.site,
      },
      `from OCI for ${connection.id}`,
    );
    return { status: "ready", snapshot, siblings };
  }

  async function deviceInfo(shapeId: string | undefined): Promise<unknown> {
    if (!shapeId) return null;
    if (options.shapeCache?.has(shapeId)) return options.shapeCache.get(shapeId);
    return orNull(SERVICE, "GetCpeDeviceShape", async () => {
      const res = await client.getCpeDeviceShape({ cpeDeviceShapeId: shapeId, retryConfiguration: retry });
      const info = plainJson(res.cpeDeviceShapeDetail.cpeDeviceInfo ?? null);
      options.shapeCache?.set(shapeId, info);
      return info;
    });
  }
}

/** Why a connection cannot be rendered yet, or null when it can. */
function notReadyReason(
  connection: core.models.IPSecConnection,
  tunnels: readonly core.models.IPSecConnectionTunnel[],
): string | null {
  if (connection.lifecycleState === "PROVISIONING") return "lifecycleState PROVISIONING";
  if (tunnels.length < 2) return `only ${tunnels.length} tunnels listed so far`;
  const missing = tunnels.filter((t) => !t.vpnIp);
  if (missing.length > 0) return `${missing.length} tunnels have no Oracle headend IP (vpnIp) yet`;
  return null;
}

/** A timestamp the SDK typed as Date but may pass through as the API's string. */
function timeString(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (value instanceof Date) return value.toISOString();
  return null;
}
