/**
 * The vendor-neutral model of one IPSec connection, built from a validated snapshot. Renderers only see this:
 * every value here is already validated (addresses, CIDRs, ASNs) or sanitised (labels), so a template can print
 * it verbatim.
 */

/** An IKE/ESP cipher, independent of any vendor's spelling. */
export interface Cipher {
  mode: "cbc" | "gcm";
  keyBits: 128 | 192 | 256;
}

/** IKE (phase 1) PRF/integrity hash. */
export type IkeIntegrity = "sha1" | "sha256" | "sha384";

/** ESP (phase 2) integrity; null with GCM, which authenticates by itself. */
export type EspIntegrity = "hmac-sha1-96" | "hmac-sha256-128" | null;

/** Diffie-Hellman group by IANA number (2, 5, 14, 19, 20, 24). */
export type DhGroup = 2 | 5 | 14 | 19 | 20 | 24;

export interface Phase1Proposal {
  cipher: Cipher;
  integrity: IkeIntegrity;
  dhGroup: DhGroup;
  lifetimeSec: number;
  /** True when the tunnel had custom phase 1 settings; false when these are Oracle's defaults. */
  custom: boolean;
}

export interface Phase2Proposal {
  cipher: Cipher;
  integrity: EspIntegrity;
  /** PFS group, or null when PFS is off. */
  pfsDhGroup: DhGroup | null;
  lifetimeSec: number;
  custom: boolean;
}

export interface BgpSession {
  customerAsn: number;
  oracleAsn: number;
  /** CPE inside address without prefix, e.g. `169.254.0.1`. */
  customerIp: string;
  oracleIp: string;
  /** 30 or 31. */
  prefixLength: number;
}

/** The outcome of the MSS calculator for one tunnel's ESP settings. */
export interface MssResult {
  linkMtu: number;
  natT: boolean;
  outerIpv6: boolean;
  /** Named overhead bytes in wire order, for the explanation printed by `tunnelsmith mss`. */
  overhead: { name: string; bytes: number }[];
  /** Largest inner IP packet that fits the link without fragmentation. */
  tunnelMtu: number;
  /** TCP MSS for IPv4 traffic inside the tunnel. */
  mssIpv4: number;
  /** TCP MSS for IPv6 traffic inside the tunnel. */
  mssIpv6: number;
}

export interface TunnelModel {
  /** 1 or 2: the tunnel's position, used in generated names (`oracle-tunnel-1`). */
  index: 1 | 2;
  id: string;
  /** Sanitised display name, safe in a comment line. */
  label: string;
  oracleIp: string;
  psk: string;
  ikeVersion: 1 | 2;
  routing: "STATIC" | "BGP" | "POLICY";
  phase1: Phase1Proposal;
  phase2: Phase2Proposal;
  dpd: { mode: "INITIATE_AND_RESPOND" | "RESPOND_ONLY"; timeoutSec: number };
  /** Whether UDP encapsulation (NAT-T, port 4500) is used, as configured on the tunnel. */
  natT: "ENABLED" | "DISABLED" | "AUTO";
  /** Whether Oracle may start negotiations; when false the CPE must initiate. */
  oracleCanInitiate: boolean;
  bgp: BgpSession | null;
  /** Traffic selectors for POLICY routing; empty otherwise. */
  encryptionDomain: { oracle: string[]; cpe: string[] };
  /** Per-tunnel interface name and mark, unique across all connections rendered for one CPE. */
  iface: { name: string; mark: number };
  mss: MssResult;
}

/**
 * An unencrypted GRE tunnel between two Linux gateways, from the snapshot's `site.gre` (not from OCI). Every
 * address and CIDR is validated; the MTU is left to the renderer, which shows its arithmetic.
 */
export interface GreModel {
  /** Interface name, e.g. `gre1`. */
  name: string;
  localIp: string;
  remoteIp: string;
  key: number;
  /** This end's inside address and prefix, e.g. `10.255.0.1` / 30. */
  inside: { address: string; prefixLength: number };
  remoteNetworks: string[];
  /** The MTU the user pinned in `site.gre.mtu`, or null to use the largest that fits the underlay. */
  mtu: number | null;
}

export interface ConnectionModel {
  id: string;
  label: string;
  compartmentId: string;
  cpe: {
    id: string;
    label: string;
    /** The public address OCI knows the CPE by. */
    publicIp: string;
    /** The CPE's own address on its WAN interface (differs from publicIp behind 1:1 NAT). */
    localIp: string;
    behindNat: boolean;
    /** The IKE identity Oracle expects from the CPE. */
    identity: { type: "IP_ADDRESS" | "HOSTNAME"; value: string };
    deviceVendor: string | null;
  };
  site: {
    wanMtu: number;
    wanInterface: string | null;
    lanInterface: string | null;
    lanGateway: string | null;
    /** Networks the CPE announces over BGP (defaults to the connection's static routes). */
    bgpAdvertise: string[];
    vendors: string[];
    slot: number;
    /** The GRE tunnel of `site.gre`, or null when the snapshot has none. */
    gre: GreModel | null;
    /** `site.monitorIp`: an ICMP-answering address in the VCN, validated to be inside the Oracle networks. */
    monitorIp: string | null;
    /** `site.openstackRelease` as `YYYY.N`, or null (openstack-vpnaas then assumes an older release). */
    openstackRelease: string | null;
  };
  /** On-premises networks (the connection's `staticRoutes`). */
  onPremCidrs: string[];
  oracleCidrs: string[];
  tunnels: [TunnelModel, TunnelModel];
  /** The routing mode both tunnels share, or "MIXED" when they differ. */
  routing: "STATIC" | "BGP" | "POLICY" | "MIXED";
  /** The smallest MSS across both tunnels; clamping to it is safe whichever tunnel carries a flow. */
  mss: MssResult;
}
