import { routerBgp } from "../../model/bgp.ts";
import { tunnelNumber } from "../../model/slots.ts";
import type { ConnectionModel, TunnelModel } from "../../model/types.ts";
import { tunnelError } from "../../render/capabilities.ts";
import { devicePsk } from "../../render/psk.ts";
import {
  espAuthentication,
  ikeHash,
  lifetimeSpec,
  PALOALTO_CAPABILITIES,
  panCipher,
  pfsGroup,
} from "./algorithms.ts";
import { type PanFailover, panFailover } from "./failover.ts";

const VENDOR = "paloalto";

/** Used when the site block does not say: the untrust port, virtual router and zone of a factory PAN-OS firewall. */
const DEFAULT_WAN = "ethernet1/1";
const VIRTUAL_ROUTER = "default";
const TRUST_ZONE = "trust";
const VPN_ZONE = "oci-vpn";
/** PAN-OS DPD: interval 2–100 s, retry 2–100. */
const DPD_INTERVAL_RANGE = [2, 100] as const;
const DPD_RETRY = 3;

export interface PanTunnel {
  index: number;
  unit: number;
  name: string;
  label: string;
  comment: string;
  tunnelId: string;
  oracleIp: string;
  version: "ikev1" | "ikev2";
  ikev1: boolean;
  ikeEncryption: string;
  ikeHash: string;
  dhGroup: number;
  ikeLifetime: string;
  psk: string;
  localIdType: "ipaddr" | "fqdn";
  localIdValue: string;
  natTraversal: "yes" | "no";
  dpdInterval: number;
  dpdRetry: number;
  espEncryption: string;
  espAuthentication: string;
  pfs: string;
  espLifetime: string;
  /** `192.168.254.1/30` for BGP, null for an unnumbered tunnel interface. */
  address: string | null;
  tunnelMtu: number;
  mss: number;
  proxyIds: { proxyName: string; local: string; remote: string }[];
  routes: { routeName: string; cidr: string }[];
}

export interface PanView {
  connectionLabel: string;
  connectionId: string;
  cpeLabel: string;
  assumptions: string[];
  slot: number;
  externalInterface: string;
  virtualRouter: string;
  trustZone: string;
  vpnZone: string;
  tunnels: PanTunnel[];
  hasStatic: boolean;
  /** Tunnel monitoring of static tunnels (or the note that failover is manual); null without STATIC. */
  failover: PanFailover | null;
  bgp: {
    group: string;
    asn: number;
    routerId: string;
    redistProfile: string;
    networks: string[];
    peers: { peerName: string; unit: number; localIp: string; ip: string; asn: number }[];
  } | null;
}

function asciiLabel(label: string): string {
  return label.replace(/[^\x20-\x7e]+/g, "_");
}

function lifetime(what: string, t: TunnelModel, seconds: number): string {
  const spec = lifetimeSpec(seconds);
  if (!spec) {
    throw tunnelError(
      VENDOR,
      t,
      `a ${what} of ${seconds} s cannot be written in a PAN-OS crypto profile (at least 180 s, or whole minutes or hours).`,
    );
  }
  return spec;
}

function proxyIdsOf(t: TunnelModel): PanTunnel["proxyIds"] {
  if (t.routing === "POLICY") {
    const pairs = t.encryptionDomain.cpe.flatMap((local) =>
      t.encryptionDomain.oracle.map((remote) => ({ local, remote })),
    );
    return pairs.map((p, i) => ({ proxyName: `OCI-P${i + 1}`, ...p }));
  }
  // Oracle's PAN-OS guide adds a 0.0.0.0/0 proxy ID to IKEv2 route-based tunnels for interoperability.
  if (t.ikeVersion === 2) return [{ proxyName: "OCI-ANY", local: "0.0.0.0/0", remote: "0.0.0.0/0" }];
  return [];
}

function tunnelOf(m: ConnectionModel, t: TunnelModel): PanTunnel {
  // tunnel.N: slot 0 gives tunnel.1/tunnel.2, slot 1 tunnel.3/tunnel.4, like the model's vti names.
  const unit = tunnelNumber(m, t);
  const name = `OCI-T${unit}`;
  const id = m.cpe.identity;
  const oracleNets =
    t.routing === "STATIC" ? m.oracleCidrs : t.routing === "POLICY" ? t.encryptionDomain.oracle : [];
  return {
    index: t.index,
    unit,
    name,
    label: t.label,
    comment: `OCI ${asciiLabel(m.label)} tunnel ${t.index} ${asciiLabel(t.label)}`.slice(0, 1023),
    tunnelId: t.id,
    oracleIp: t.oracleIp,
    version: t.ikeVersion === 2 ? "ikev2" : "ikev1",
    ikev1: t.ikeVersion === 1,
    ikeEncryption: panCipher(t.phase1.cipher),
    ikeHash: ikeHash(t),
    dhGroup: t.phase1.dhGroup,
    ikeLifetime: lifetime("phase 1 lifetime", t, t.phase1.lifetimeSec),
    psk: devicePsk(PALOALTO_CAPABILITIES.psk, t.psk),
    localIdType: id.type === "HOSTNAME" ? "fqdn" : "ipaddr",
    localIdValue: id.value,
    // PAN-OS leaves NAT-T off unless told; with it on, UDP 4500 is used only when a NAT is detected.
    natTraversal: t.natT === "DISABLED" ? "no" : "yes",
    dpdInterval: Math.min(
      DPD_INTERVAL_RANGE[1],
      Math.max(DPD_INTERVAL_RANGE[0], Math.floor(t.dpd.timeoutSec / 2)),
    ),
    dpdRetry: DPD_RETRY,
    espEncryption: panCipher(t.phase2.cipher),
    espAuthentication: espAuthentication(t),
    pfs: pfsGroup(t),
    espLifetime: lifetime("phase 2 lifetime", t, t.phase2.lifetimeSec),
    address: t.bgp ? `${t.bgp.customerIp}/${t.bgp.prefixLength}` : null,
    tunnelMtu: t.mss.tunnelMtu,
    mss: t.mss.mssIpv4,
    proxyIds: proxyIdsOf(t),
    routes: oracleNets.map((cidr, i) => ({ routeName: `${name}-R${i + 1}`, cidr })),
  };
}

function bgpOf(m: ConnectionModel): PanView["bgp"] {
  const bgp = routerBgp(m, VENDOR, "one virtual router");
  if (!bgp) return null;
  const { sessions } = bgp;
  const prefix = `OCI-S${m.site.slot}`;
  return {
    group: prefix,
    asn: bgp.asn,
    routerId: bgp.routerId,
    redistProfile: `${prefix}-ANNOUNCE`,
    networks: m.site.bgpAdvertise,
    peers: sessions.map(({ t, b }) => {
      const unit = tunnelNumber(m, t);
      return {
        peerName: `OCI-T${unit}`,
        unit,
        localIp: `${b.customerIp}/${b.prefixLength}`,
        ip: b.oracleIp,
        asn: b.oracleAsn,
      };
    }),
  };
}

/** Maps the model to the PAN-OS templates' view. Throws CapabilityError for what PAN-OS cannot express. */
export function paloaltoView(m: ConnectionModel): PanView {
  const assumptions = [
    `the legacy virtual router "${VIRTUAL_ROUTER}" (not Advanced Routing) and a single vsys.`,
    `zone "${TRUST_ZONE}" holds your LAN interfaces.`,
  ];
  if (m.site.wanInterface === null) {
    assumptions.unshift(
      `the Internet-facing interface is ${DEFAULT_WAN}; set site.wanInterface if yours differs.`,
    );
  }
  const tunnels = m.tunnels.map((t) => tunnelOf(m, t));
  return {
    connectionLabel: m.label,
    connectionId: m.id,
    cpeLabel: m.cpe.label,
    assumptions,
    slot: m.site.slot,
    externalInterface: m.site.wanInterface ?? DEFAULT_WAN,
    virtualRouter: VIRTUAL_ROUTER,
    trustZone: TRUST_ZONE,
    vpnZone: VPN_ZONE,
    tunnels,
    hasStatic: tunnels.some((t) => t.routes.length > 0),
    failover: panFailover(m),
    bgp: bgpOf(m),
  };
}
