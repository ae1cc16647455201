import { calculateMss } from "../mss.ts";
import { parseIpv4Prefixed } from "../net/ipv4.ts";
import type { GreFacts, Snapshot, SnapshotTunnel } from "../snapshot/schema.ts";
import { phase1Of, phase2Of } from "./algorithms.ts";
import { SITE_DEFAULTS } from "./defaults.ts";
import { toLabel } from "./label.ts";
import { allocateSlots, interfaceFor } from "./slots.ts";
import type { BgpSession, ConnectionModel, GreModel, MssResult, TunnelModel } from "./types.ts";

/**
 * The Oracle BGP ASN of the commercial realm. Used only when the API gives none: the tunnel's
 * `bgpSessionInfo.oracleBgpAsn` is authoritative (other realms use 14544, 6142, 20054).
 */
export const FALLBACK_ORACLE_ASN = 31898;

const DEFAULT_DPD_TIMEOUT_SEC = 20;

/** Builds the model of one connection; `slot` comes from {@link allocateSlots} over every connection on its CPE. */
export function buildModel(snapshot: Snapshot, slot: number): ConnectionModel {
  const { ipsecConnection: c, cpe, site } = snapshot;
  const localIp = site.localIp ?? cpe.ipAddress;
  const behindNat = localIp !== cpe.ipAddress;
  const wanMtu = site.wanMtu ?? SITE_DEFAULTS.wanMtu;
  const prefix = site.interfacePrefix ?? SITE_DEFAULTS.interfacePrefix;

  const [first, second] = snapshot.tunnels as [SnapshotTunnel, SnapshotTunnel];
  const tunnel = (t: SnapshotTunnel, index: 1 | 2): TunnelModel => {
    const phase2 = phase2Of(t);
    const natT = t.natTranslationEnabled ?? "AUTO";
    return {
      index,
      id: t.id,
      label: toLabel(t.displayName, `tunnel-${index}`),
      oracleIp: t.vpnIp,
      psk: snapshot.sharedSecrets[t.id] ?? "",
      ikeVersion: t.ikeVersion === "V2" ? 2 : 1,
      routing: t.routing,
      phase1: phase1Of(t),
      phase2,
      dpd: {
        mode: t.dpdMode ?? "INITIATE_AND_RESPOND",
        timeoutSec: t.dpdTimeoutInSec ?? DEFAULT_DPD_TIMEOUT_SEC,
      },
      natT,
      oracleCanInitiate: t.oracleCanInitiate !== "RESPONDER_ONLY",
      bgp: t.routing === "BGP" ? bgpOf(t) : null,
      encryptionDomain: {
        oracle: t.encryptionDomainConfig?.oracleTrafficSelector ?? [],
        cpe: t.encryptionDomainConfig?.cpeTrafficSelector ?? [],
      },
      iface: interfaceFor(prefix, slot, index),
      // AUTO encapsulates only when a NAT is detected; behind a 1:1 NAT it will be, so plan for the UDP header.
      mss: calculateMss({
        linkMtu: wanMtu,
        natT: natT === "ENABLED" || (natT === "AUTO" && behindNat),
        outerIpv6: false,
        cipher: phase2.cipher,
        integrity: phase2.integrity,
      }),
    };
  };
  const tunnels: [TunnelModel, TunnelModel] = [tunnel(first, 1), tunnel(second, 2)];

  return {
    id: c.id,
    label: toLabel(c.displayName, "ipsec-connection"),
    compartmentId: c.compartmentId,
    cpe: {
      id: cpe.id,
      label: toLabel(cpe.displayName, "cpe"),
      publicIp: cpe.ipAddress,
      localIp,
      behindNat,
      identity: {
        type: c.cpeLocalIdentifierType ?? "IP_ADDRESS",
        value: c.cpeLocalIdentifier ?? cpe.ipAddress,
      },
      deviceVendor: snapshot.cpeDeviceInfo?.vendor ?? null,
    },
    site: {
      wanMtu,
      wanInterface: site.wanInterface ?? null,
      lanInterface: site.lanInterface ?? null,
      lanGateway: site.lanGateway ?? null,
      bgpAdvertise: site.bgpAdvertise ?? c.staticRoutes,
      vendors: site.vendors ?? [...SITE_DEFAULTS.vendors],
      slot,
      gre: site.gre ? greOf(site.gre) : null,
      monitorIp: site.monitorIp ?? null,
      openstackRelease: site.openstackRelease ?? null,
    },
    onPremCidrs: c.staticRoutes,
    oracleCidrs: snapshot.oracleCidrs,
    tunnels,
    routing: tunnels[0].routing === tunnels[1].routing ? tunnels[0].routing : "MIXED",
    mss: smallestMss(tunnels[0].mss, tunnels[1].mss),
  };
}

/** Builds models for several snapshots at once, allocating interface slots across connections sharing a CPE. */
export function buildModels(snapshots: readonly Snapshot[]): ConnectionModel[] {
  const slots = allocateSlots(
    snapshots.map((s) => ({
      connectionId: s.ipsecConnection.id,
      cpeId: s.cpe.id,
      timeCreated: s.ipsecConnection.timeCreated,
      pinnedSlot: s.site.slot,
    })),
  );
  return snapshots.map((s) => buildModel(s, slots.get(s.ipsecConnection.id) ?? 0));
}

function bgpOf(t: SnapshotTunnel): BgpSession | null {
  const b = t.bgpSessionInfo;
  const customer = b?.customerInterfaceIp ? parseIpv4Prefixed(b.customerInterfaceIp) : undefined;
  const oracle = b?.oracleInterfaceIp ? parseIpv4Prefixed(b.oracleInterfaceIp) : undefined;
  if (!b?.customerBgpAsn || !customer || !oracle) return null; // the snapshot schema already rejects this
  return {
    customerAsn: b.customerBgpAsn,
    oracleAsn: b.oracleBgpAsn ?? FALLBACK_ORACLE_ASN,
    customerIp: customer.address,
    oracleIp: oracle.address,
    prefixLength: customer.prefixLength,
  };
}

function greOf(g: GreFacts): GreModel | null {
  const inside = parseIpv4Prefixed(g.insideAddress);
  if (!inside) return null; // the snapshot schema already rejects this
  return {
    name: g.interfaceName ?? SITE_DEFAULTS.greInterfaceName,
    localIp: g.localIp,
    remoteIp: g.remoteIp,
    key: g.key,
    inside,
    remoteNetworks: g.remoteNetworks,
    mtu: g.mtu ?? null,
  };
}

function smallestMss(a: MssResult, b: MssResult): MssResult {
  return a.mssIpv4 <= b.mssIpv4 ? a : b;
}
