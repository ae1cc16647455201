import { routerBgp } from "../../model/bgp.ts";
import { tunnelNumber } from "../../model/slots.ts";
import type { ConnectionModel, TunnelModel } from "../../model/types.ts";
import { rangeError } from "../../render/capabilities.ts";
import { devicePsk } from "../../render/psk.ts";
import { espHash, ikeHash, pfs, VYOS_CAPABILITIES, vyosCipher } from "./algorithms.ts";
import { BGP_HOLDTIME, BGP_KEEPALIVE, detectionNote } from "./failover.ts";

const VENDOR = "vyos";

/** VyOS CLI ranges: `ip adjust-mss` 536–65535, esp-group lifetime 30–86400 s, DPD interval 2–86400 s. */
const MSS_MIN = 536;
const ESP_LIFETIME_RANGE = [30, 86400] as const;

export interface VyosTunnel {
  index: number;
  unit: number;
  name: string;
  label: string;
  description: string;
  tunnelId: string;
  oracleIp: string;
  keyExchange: "ikev1" | "ikev2";
  ikeLifetime: number;
  ikeEncryption: string;
  ikeHash: string;
  dhGroup: number;
  dpdInterval: number;
  dpdTimeout: number;
  /** The real dead-peer detection time and what follows it, for a comment line (see failover.ts). */
  dpdNote: string;
  espLifetime: number;
  espEncryption: string;
  espHash: string;
  pfs: string;
  psk: string;
  forceUdpEncapsulation: boolean;
  /** `192.168.254.1/30` for BGP, null for an unnumbered VTI. */
  address: string | null;
  tunnelMtu: number;
  mss: number;
}

export interface VyosView {
  connectionLabel: string;
  connectionId: string;
  cpeLabel: string;
  localIp: string;
  localId: string;
  tunnels: VyosTunnel[];
  staticRoutes: { cidr: string; unit: number }[];
  bgp: {
    asn: number;
    routerId: string;
    announceList: string;
    noDefaultList: string;
    exportMap: string;
    importMap: string;
    networks: { cidr: string; rule: number }[];
    neighbors: { ip: string; asn: number; description: string }[];
    keepalive: number;
    holdtime: number;
    lanRoutes: { cidr: string; gateway: string }[];
  } | null;
}

function checkRange(
  what: string,
  t: TunnelModel,
  value: number,
  [min, max]: readonly [number, number],
): number {
  if (value < min || value > max) {
    throw rangeError(VENDOR, "VyOS", t, what, value, [min, max]);
  }
  return value;
}

function tunnelOf(m: ConnectionModel, t: TunnelModel): VyosTunnel {
  // vtiN: slot 0 gives vti1/vti2, slot 1 vti3/vti4, as the model's interface names (VyOS insists on `vti`).
  const unit = tunnelNumber(m, t);
  // Probe at half Oracle's DPD timeout so a dead peer is noticed before Oracle gives up on us (IKEv1; IKEv2
  // detection is charon's retransmission schedule, see failover.ts).
  const dpdInterval = Math.max(2, Math.floor(t.dpd.timeoutSec / 2));
  const dpdTimeout = Math.max(2, t.dpd.timeoutSec);
  return {
    index: t.index,
    unit,
    name: `OCI-T${unit}`,
    label: t.label,
    description: `OCI ${m.label} tunnel ${t.index} ${t.label}`.slice(0, 255),
    tunnelId: t.id,
    oracleIp: t.oracleIp,
    keyExchange: t.ikeVersion === 2 ? "ikev2" : "ikev1",
    ikeLifetime: t.phase1.lifetimeSec,
    ikeEncryption: vyosCipher(t.phase1.cipher),
    ikeHash: ikeHash(t),
    dhGroup: t.phase1.dhGroup,
    dpdInterval,
    dpdTimeout,
    dpdNote: detectionNote(t, dpdInterval, dpdTimeout),
    espLifetime: checkRange("phase 2 lifetime", t, t.phase2.lifetimeSec, ESP_LIFETIME_RANGE),
    espEncryption: vyosCipher(t.phase2.cipher),
    espHash: espHash(t),
    pfs: pfs(t),
    psk: devicePsk(VYOS_CAPABILITIES.psk, t.psk),
    forceUdpEncapsulation: t.natT === "ENABLED",
    address: t.bgp ? `${t.bgp.customerIp}/${t.bgp.prefixLength}` : null,
    tunnelMtu: t.mss.tunnelMtu,
    mss: checkRange("TCP MSS", t, t.mss.mssIpv4, [MSS_MIN, 65535]),
  };
}

function bgpOf(m: ConnectionModel): VyosView["bgp"] {
  const bgp = routerBgp(m, VENDOR, "protocols bgp system-as");
  if (!bgp) return null;
  const { sessions } = bgp;
  const prefix = `OCI-S${m.site.slot}`;
  const gateway = m.site.lanGateway;
  return {
    asn: bgp.asn,
    routerId: bgp.routerId,
    announceList: `${prefix}-ANNOUNCE`,
    noDefaultList: `${prefix}-NO-DEFAULT`,
    exportMap: `${prefix}-TO-ORACLE`,
    importMap: `${prefix}-FROM-ORACLE`,
    networks: m.site.bgpAdvertise.map((cidr, i) => ({ cidr, rule: (i + 1) * 10 })),
    neighbors: sessions.map(({ t, b }) => ({
      ip: b.oracleIp,
      asn: b.oracleAsn,
      description: `OCI tunnel ${t.index} ${t.label}`.slice(0, 255),
    })),
    keepalive: BGP_KEEPALIVE,
    holdtime: BGP_HOLDTIME,
    lanRoutes: gateway ? m.site.bgpAdvertise.map((cidr) => ({ cidr, gateway })) : [],
  };
}

/** Maps the model to the VyOS template's view. Throws CapabilityError for what the template cannot express. */
export function vyosView(m: ConnectionModel): VyosView {
  const tunnels = m.tunnels.map((t) => tunnelOf(m, t));
  return {
    connectionLabel: m.label,
    connectionId: m.id,
    cpeLabel: m.cpe.label,
    localIp: m.cpe.localIp,
    // Behind 1:1 NAT the public address (or the HOSTNAME) is the identity Oracle expects, not local-address.
    localId: m.cpe.identity.value,
    tunnels,
    staticRoutes: m.tunnels.flatMap((t, i) =>
      t.routing === "STATIC" ? m.oracleCidrs.map((cidr) => ({ cidr, unit: tunnels[i]?.unit ?? 0 })) : [],
    ),
    bgp: bgpOf(m),
  };
}
