import { CapabilityError } from "../../errors.ts";
import { routerBgp } from "../../model/bgp.ts";
import { tunnelNumber } from "../../model/slots.ts";
import type { ConnectionModel, TunnelModel } from "../../model/types.ts";
import { intToIpv4, parseIpv4Prefixed } from "../../net/ipv4.ts";
import { rangeError, tunnelError } from "../../render/capabilities.ts";
import { devicePsk } from "../../render/psk.ts";
import {
  CISCO_IOSXE_CAPABILITIES,
  ikev2Encryption,
  ikev2Integrity,
  isakmpEncryption,
  isakmpHash,
  pfsGroup,
  transformSet,
} from "./algorithms.ts";

const VENDOR = "cisco-iosxe";

/**
 * The WAN interface assumed when `site.wanInterface` is not set: the first interface of a Catalyst 8000V/CSR 1000V.
 * It is only needed as the `ip unnumbered` source of STATIC tunnel interfaces; the header says it was assumed.
 */
const DEFAULT_WAN = "GigabitEthernet1";

/** IOS XE limits (command reference): `ip tcp adjust-mss` 500–1460, IKEv2 profile lifetime 120–86400 s. */
const MSS_RANGE = [500, 1460] as const;
const IKEV2_LIFETIME_RANGE = [120, 86400] as const;
const ISAKMP_LIFETIME_RANGE = [60, 86400] as const;
const SA_LIFETIME_RANGE = [120, 2592000] as const;
/** `dpd <interval> <retry> periodic`: interval 10–3600 s, retry 2–60 s. */
const DPD_MIN_INTERVAL = 10;
const DPD_RETRY = 3;

export interface CiscoIkev2 {
  proposal: string;
  encryption: string;
  integrity: string;
  group: number;
  keyring: string;
  psk: string;
  /** `address 198.51.100.10` or `fqdn cpe.example.com`. */
  localIdentity: string;
  lifetime: number;
  natForceEncap: boolean;
}

export interface CiscoIkev1 {
  priority: number;
  encryption: string;
  hash: string;
  group: number;
  lifetime: number;
  keyring: string;
  localIp: string;
  psk: string;
}

/** One OCI tunnel: its IKE, IPsec and VTI configuration. */
export interface CiscoTunnel {
  index: number;
  unit: number;
  name: string;
  label: string;
  tunnelId: string;
  oracleIp: string;
  ikev2: CiscoIkev2 | null;
  ikev1: CiscoIkev1 | null;
  dpdInterval: number;
  dpdRetry: number;
  transformSet: string;
  pfs: string | null;
  saLifetime: number;
  description: string;
  /** `ip address 192.168.254.1 255.255.255.252` or `ip unnumbered GigabitEthernet1`. */
  addressLine: string;
  tunnelMtu: number;
  mss: number;
  tunnelSource: string;
}

export interface CiscoBgp {
  asn: number;
  routerId: string;
  announceList: string;
  noDefaultList: string;
  neighbors: { ip: string; asn: number; description: string }[];
  networks: { cidr: string; network: string; mask: string; seq: number }[];
}

export interface CiscoView {
  connectionLabel: string;
  connectionId: string;
  cpeLabel: string;
  assumptions: string[];
  ikev2Policy: { localIp: string; proposals: { name: string }[] } | null;
  tunnels: CiscoTunnel[];
  staticRoutes: { network: string; mask: string; iface: string }[];
  bgp: CiscoBgp | null;
  lanRoutes: { network: string; mask: string; gateway: string }[];
}

/** Dotted netmask for a prefix length: 30 → 255.255.255.252. */
export function netmask(prefixLength: number): string {
  return intToIpv4(prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0);
}

function network(cidr: string): { network: string; mask: string } {
  const p = parseIpv4Prefixed(cidr);
  // Every CIDR in the model was validated by the snapshot schema; this guards the type only.
  if (!p) throw new CapabilityError(VENDOR, `"${cidr}" is not an IPv4 network`);
  return { network: p.address, mask: netmask(p.prefixLength) };
}

/** Device-stored text (descriptions) stays ASCII: runs of other characters become `_`. Comments keep the label. */
export function asciiLabel(label: string): string {
  return label.replace(/[^\x20-\x7e]+/g, "_");
}

/** Tunnel interface number: slot 0 gives Tunnel1/Tunnel2, slot 1 Tunnel3/Tunnel4, as the model's vti names. */
function unitOf(m: ConnectionModel, t: TunnelModel): number {
  return tunnelNumber(m, t);
}

function inRange(what: string, t: TunnelModel, value: number, [min, max]: readonly [number, number]): number {
  if (value < min || value > max) {
    throw rangeError(VENDOR, "IOS XE", t, what, value, [min, max]);
  }
  return value;
}

function ikev2Of(m: ConnectionModel, t: TunnelModel, name: string): CiscoIkev2 {
  const id = m.cpe.identity;
  return {
    proposal: name,
    encryption: ikev2Encryption(t.phase1.cipher),
    integrity: ikev2Integrity(t),
    group: t.phase1.dhGroup,
    keyring: name,
    psk: devicePsk(CISCO_IOSXE_CAPABILITIES.psk, t.psk),
    // Behind 1:1 NAT the public address is sent as the identity, as Oracle expects (it is any address here).
    localIdentity: id.type === "HOSTNAME" ? `fqdn ${id.value}` : `address ${id.value}`,
    lifetime: inRange("phase 1 lifetime", t, t.phase1.lifetimeSec, IKEV2_LIFETIME_RANGE),
    natForceEncap: t.natT === "ENABLED",
  };
}

function ikev1Of(m: ConnectionModel, t: TunnelModel, name: string, unit: number): CiscoIkev1 {
  const id = m.cpe.identity;
  // An ISAKMP profile can only send its own interface address (`self-identity address`) or the router's host name.
  if (id.type !== "IP_ADDRESS" || id.value !== m.cpe.localIp) {
    throw tunnelError(
      VENDOR,
      t,
      `with IKEv1, IOS XE can only identify itself by its interface address ${m.cpe.localIp}, but Oracle expects ${id.type} ${id.value}. Use IKEv2 on the OCI tunnels, or set the IPSec connection's CPE IKE identifier to ${m.cpe.localIp} (IP address) in OCI.`,
    );
  }
  return {
    priority: 100 + unit,
    encryption: isakmpEncryption(t.phase1.cipher),
    hash: isakmpHash(t),
    group: t.phase1.dhGroup,
    lifetime: inRange("phase 1 lifetime", t, t.phase1.lifetimeSec, ISAKMP_LIFETIME_RANGE),
    keyring: name,
    localIp: m.cpe.localIp,
    psk: devicePsk(CISCO_IOSXE_CAPABILITIES.psk, t.psk),
  };
}

function tunnelOf(m: ConnectionModel, t: TunnelModel): CiscoTunnel {
  const unit = unitOf(m, t);
  const name = `OCI-T${unit}`;
  const address = t.bgp
    ? `ip address ${t.bgp.customerIp} ${netmask(t.bgp.prefixLength)}`
    : `ip unnumbered ${m.site.wanInterface ?? DEFAULT_WAN}`;
  return {
    index: t.index,
    unit,
    name,
    label: t.label,
    tunnelId: t.id,
    oracleIp: t.oracleIp,
    ikev2: t.ikeVersion === 2 ? ikev2Of(m, t, name) : null,
    ikev1: t.ikeVersion === 1 ? ikev1Of(m, t, name, unit) : null,
    // Probe at half Oracle's DPD timeout so a dead peer is noticed before Oracle gives up on us.
    dpdInterval: Math.max(DPD_MIN_INTERVAL, Math.floor(t.dpd.timeoutSec / 2)),
    dpdRetry: DPD_RETRY,
    transformSet: transformSet(t),
    pfs: pfsGroup(t),
    saLifetime: inRange("phase 2 lifetime", t, t.phase2.lifetimeSec, SA_LIFETIME_RANGE),
    description: `OCI ${asciiLabel(m.label)} tunnel ${t.index} ${asciiLabel(t.label)}`.slice(0, 200),
    addressLine: address,
    tunnelMtu: t.mss.tunnelMtu,
    mss: inRange("TCP MSS", t, t.mss.mssIpv4, MSS_RANGE),
    tunnelSource: m.site.wanInterface ?? m.cpe.localIp,
  };
}

function bgpOf(m: ConnectionModel): CiscoBgp | null {
  const bgp = routerBgp(m, VENDOR, "one `router bgp`");
  if (!bgp) return null;
  const { sessions } = bgp;
  const prefix = `OCI-S${m.site.slot}`;
  return {
    asn: bgp.asn,
    routerId: bgp.routerId,
    announceList: `${prefix}-ANNOUNCE`,
    noDefaultList: `${prefix}-NO-DEFAULT`,
    neighbors: sessions.map(({ t, b }) => ({
      ip: b.oracleIp,
      asn: b.oracleAsn,
      description: `OCI tunnel ${t.index} ${asciiLabel(t.label)}`.slice(0, 80),
    })),
    networks: m.site.bgpAdvertise.map((cidr, i) => ({ cidr, ...network(cidr), seq: (i + 1) * 10 })),
  };
}

/** Maps the model to the IOS XE template's view. Throws CapabilityError for what the template cannot express. */
export function ciscoIosxeView(m: ConnectionModel): CiscoView {
  const tunnels = m.tunnels.map((t) => tunnelOf(m, t));
  const staticTunnels = tunnels.filter((_, i) => m.tunnels[i]?.routing === "STATIC");
  const assumptions: string[] = [];
  if (staticTunnels.length > 0 && m.site.wanInterface === null) {
    assumptions.push(
      `WAN interface ${DEFAULT_WAN} lends its address to the STATIC tunnel interfaces (ip unnumbered); set site.wanInterface if yours differs.`,
    );
  }
  const v2 = tunnels.flatMap((t) => (t.ikev2 ? [{ name: t.ikev2.proposal }] : []));
  const bgp = bgpOf(m);
  return {
    connectionLabel: m.label,
    connectionId: m.id,
    cpeLabel: m.cpe.label,
    assumptions,
    ikev2Policy: v2.length > 0 ? { localIp: m.cpe.localIp, proposals: v2 } : null,
    tunnels,
    staticRoutes: staticTunnels.flatMap((t) =>
      m.oracleCidrs.map((cidr) => ({ ...network(cidr), iface: `Tunnel${t.unit}` })),
    ),
    bgp,
    lanRoutes:
      bgp && m.site.lanGateway
        ? m.site.bgpAdvertise.map((cidr) => ({ ...network(cidr), gateway: m.site.lanGateway ?? "" }))
        : [],
  };
}
