import { routerBgp } from "../../model/bgp.ts";
import { tunnelNumber } from "../../model/slots.ts";
import type { ConnectionModel, TunnelModel } from "../../model/types.ts";
import { rangeError } from "../../render/capabilities.ts";
import { devicePsk } from "../../render/psk.ts";
import { espAuthentication, ikeAuthentication, JUNIPER_SRX_CAPABILITIES, junosCipher } from "./algorithms.ts";

const VENDOR = "juniper-srx";

/** Used when the site block does not say: the usual untrust port of a branch SRX and the factory zone names. */
const DEFAULT_WAN = "ge-0/0/0.0";
const UNTRUST_ZONE = "untrust";
const TRUST_ZONE = "trust";
const VPN_ZONE = "oci-vpn";

/** Junos ranges: proposal lifetime-seconds 180–86400; DPD interval 2–60 s, threshold 1–5. */
const LIFETIME_RANGE = [180, 86400] as const;
const DPD_INTERVAL_RANGE = [2, 60] as const;
const DPD_THRESHOLD = 3;

export interface SrxTunnel {
  index: number;
  unit: number;
  name: string;
  label: string;
  description: string;
  tunnelId: string;
  oracleIp: string;
  ikev1: boolean;
  version: "v1-only" | "v2-only";
  ikeEncryption: string;
  ikeAuthentication: string;
  dhGroup: number;
  ikeLifetime: number;
  psk: string;
  /** `inet 198.51.100.10` or `hostname cpe.example.com`. */
  localIdentity: string;
  noNatTraversal: boolean;
  dpdInterval: number;
  dpdThreshold: number;
  espEncryption: string;
  espAuthentication: string | null;
  pfs: string | null;
  espLifetime: number;
  /** `192.168.254.1/30` for BGP, null for an unnumbered st0 unit. */
  address: string | null;
  tunnelMtu: number;
  bgp: boolean;
  trafficSelectors: { tsName: string; local: string; remote: string }[];
}

export interface SrxView {
  connectionLabel: string;
  connectionId: string;
  cpeLabel: string;
  assumptions: string[];
  slot: number;
  externalInterface: string;
  localIp: string;
  untrustZone: string;
  trustZone: string;
  vpnZone: string;
  mss: number;
  tunnels: SrxTunnel[];
  staticRoutes: { cidr: string; unit: number }[];
  bgp: {
    group: string;
    asn: number;
    announceList: string;
    exportPolicy: string;
    importPolicy: string;
    networks: string[];
    neighbors: { ip: string; asn: number; description: string }[];
    lanRoutes: { cidr: string; gateway: string }[];
  } | null;
}

function asciiLabel(label: string): string {
  return label.replace(/[^\x20-\x7e]+/g, "_");
}

function lifetime(what: string, t: TunnelModel, seconds: number): number {
  const [min, max] = LIFETIME_RANGE;
  if (seconds < min || seconds > max) {
    throw rangeError(VENDOR, "Junos", t, what, seconds, [min, max], "s");
  }
  return seconds;
}

function tunnelOf(m: ConnectionModel, t: TunnelModel): SrxTunnel {
  // st0 unit: slot 0 gives st0.1/st0.2, slot 1 st0.3/st0.4, like the model's vti names.
  const unit = tunnelNumber(m, t);
  const id = m.cpe.identity;
  const pairs = t.encryptionDomain.cpe.flatMap((local) =>
    t.encryptionDomain.oracle.map((remote) => ({ local, remote })),
  );
  return {
    index: t.index,
    unit,
    name: `oci-t${unit}`,
    label: t.label,
    description: `OCI ${asciiLabel(m.label)} tunnel ${t.index} ${asciiLabel(t.label)}`.slice(0, 200),
    tunnelId: t.id,
    oracleIp: t.oracleIp,
    ikev1: t.ikeVersion === 1,
    version: t.ikeVersion === 2 ? "v2-only" : "v1-only",
    ikeEncryption: junosCipher(t.phase1.cipher),
    ikeAuthentication: ikeAuthentication(t),
    dhGroup: t.phase1.dhGroup,
    ikeLifetime: lifetime("phase 1 lifetime", t, t.phase1.lifetimeSec),
    psk: devicePsk(JUNIPER_SRX_CAPABILITIES.psk, t.psk),
    localIdentity: id.type === "HOSTNAME" ? `hostname ${id.value}` : `inet ${id.value}`,
    noNatTraversal: t.natT === "DISABLED",
    dpdInterval: Math.min(
      DPD_INTERVAL_RANGE[1],
      Math.max(DPD_INTERVAL_RANGE[0], Math.floor(t.dpd.timeoutSec / 2)),
    ),
    dpdThreshold: DPD_THRESHOLD,
    espEncryption: junosCipher(t.phase2.cipher),
    espAuthentication: espAuthentication(t),
    pfs: t.phase2.pfsDhGroup === null ? null : `group${t.phase2.pfsDhGroup}`,
    espLifetime: lifetime("phase 2 lifetime", t, t.phase2.lifetimeSec),
    address: t.bgp ? `${t.bgp.customerIp}/${t.bgp.prefixLength}` : null,
    tunnelMtu: t.mss.tunnelMtu,
    bgp: t.bgp !== null,
    trafficSelectors: t.routing === "POLICY" ? pairs.map((p, i) => ({ tsName: `ts${i + 1}`, ...p })) : [],
  };
}

function bgpOf(m: ConnectionModel): SrxView["bgp"] {
  const bgp = routerBgp(m, VENDOR, "one BGP group");
  if (!bgp) return null;
  const { sessions } = bgp;
  const prefix = `oci-s${m.site.slot}`;
  const gateway = m.site.lanGateway;
  return {
    group: prefix,
    asn: bgp.asn,
    announceList: `${prefix}-announce`,
    exportPolicy: `${prefix}-to-oracle`,
    importPolicy: `${prefix}-from-oracle`,
    networks: m.site.bgpAdvertise,
    neighbors: sessions.map(({ t, b }) => ({
      ip: b.oracleIp,
      asn: b.oracleAsn,
      description: `OCI tunnel ${t.index} ${asciiLabel(t.label)}`.slice(0, 80),
    })),
    lanRoutes: gateway ? m.site.bgpAdvertise.map((cidr) => ({ cidr, gateway })) : [],
  };
}

/** Maps the model to the SRX template's view. Throws CapabilityError for what the template cannot express. */
export function juniperSrxView(m: ConnectionModel): SrxView {
  const tunnels = m.tunnels.map((t) => tunnelOf(m, t));
  const assumptions = [
    `security zones "${TRUST_ZONE}" (your LAN) and "${UNTRUST_ZONE}" (the Internet side) exist, as on a factory SRX.`,
  ];
  if (m.site.wanInterface === null) {
    assumptions.unshift(
      `the Internet-facing interface is ${DEFAULT_WAN}; set site.wanInterface if yours differs.`,
    );
  }
  const staticRoutes = m.tunnels.flatMap((t, i) => {
    const unit = tunnels[i]?.unit ?? 0;
    if (t.routing === "STATIC") return m.oracleCidrs.map((cidr) => ({ cidr, unit }));
    if (t.routing === "POLICY") return t.encryptionDomain.oracle.map((cidr) => ({ cidr, unit }));
    return [];
  });
  return {
    connectionLabel: m.label,
    connectionId: m.id,
    cpeLabel: m.cpe.label,
    assumptions,
    slot: m.site.slot,
    externalInterface: m.site.wanInterface ?? DEFAULT_WAN,
    localIp: m.cpe.localIp,
    untrustZone: UNTRUST_ZONE,
    trustZone: TRUST_ZONE,
    vpnZone: VPN_ZONE,
    // `tcp-mss ipsec-vpn` is one global value for every VPN on the SRX: the smaller tunnel's MSS fits both.
    mss: m.mss.mssIpv4,
    tunnels,
    staticRoutes,
    bgp: bgpOf(m),
  };
}
