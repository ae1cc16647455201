import { CapabilityError } from "../../errors.ts";
import type { ConnectionModel, TunnelModel } from "../../model/types.ts";
import { formatMss } from "../../mss.ts";
import { tunnelError } from "../../render/capabilities.ts";
import { devicePsk } from "../../render/psk.ts";
import {
  BGP_REFUSAL,
  profileAlgorithms,
  proposalAlgorithms,
  ROUTEROS_CAPABILITIES,
  routerosDuration,
} from "./algorithms.ts";
import { ocidSuffix } from "./names.ts";
import { assertSameRouting, type SelectorPair, selectorPairs, unique } from "./selectors.ts";

const VENDOR = "routeros";

/** One tunnel's IKE objects: profile (phase 1), proposal (phase 2), peer and identity. */
export interface RouterosTunnel {
  index: number;
  label: string;
  id: string;
  oracleIp: string;
  comment: string;
  profile: string;
  enc: string;
  hash: string;
  dhGroup: string;
  lifetime: string;
  natTraversal: "yes" | "no";
  dpdInterval: string;
  dpdFailures: number;
  proposal: string;
  espEnc: string;
  espAuth: string;
  pfsGroup: string;
  espLifetime: string;
  peer: string;
  exchangeMode: "ike2" | "main";
  myId: string;
  secret: string;
}

/** One `/ip ipsec policy` entry. */
export interface RouterosPolicy {
  tunnel: number;
  peer: string;
  proposal: string;
  src: string;
  dst: string;
  disabled: "yes" | "no";
  comment: string;
}

export interface RouterosView {
  connectionLabel: string;
  connectionId: string;
  cpeLabel: string;
  /** Prefix of every comment this script writes, and the regex removal finds entries by. */
  tag: string;
  tagPattern: string;
  /** Prefix of every object name this script creates, and its regex. */
  prefix: string;
  namePattern: string;
  group: string;
  tunnels: RouterosTunnel[];
  policies: RouterosPolicy[];
  hasStandby: boolean;
  standbyPattern: string;
  activePattern: string;
  /** Argument lists (already validated values) of the firewall rules, one rule each. */
  filterRules: string[];
  natRules: string[];
  mangleRules: string[];
  mss: number;
  mssTable: string[];
}

/**
 * Why BGP is refused. RouterOS v7 has no route-based IPsec (no VTI or XFRM interface): only packets that match
 * an IPsec policy's selectors are encrypted. A BGP session over policies for the /30 inside addresses would come
 * up, but the routes it learns point at 169.254.x.x next hops while the data packets carry Oracle/on-premises
 * addresses that no policy matches, so they would leave unencrypted on the default route. Policies for the data
 * networks would make BGP pointless (and fight the routes it learns). Refusing is the honest answer.
 */

function ikeIdentity(m: ConnectionModel): string {
  return m.cpe.identity.type === "HOSTNAME"
    ? `fqdn:${m.cpe.identity.value}`
    : `address:${m.cpe.identity.value}`;
}

function tunnelView(m: ConnectionModel, t: TunnelModel, prefix: string, tag: string): RouterosTunnel {
  const p1 = profileAlgorithms(t);
  const p2 = proposalAlgorithms(t);
  // Probe at half Oracle's DPD timeout; IKEv1 declares the peer dead after two missed probes.
  const interval = Math.max(5, Math.floor(t.dpd.timeoutSec / 2));
  return {
    index: t.index,
    label: t.label,
    id: t.id,
    oracleIp: t.oracleIp,
    comment: `${tag} tunnel-${t.index}`,
    profile: `${prefix}-ike-${t.index}`,
    enc: p1.enc,
    hash: p1.hash,
    dhGroup: p1.dhGroup,
    lifetime: routerosDuration(t.phase1.lifetimeSec),
    natTraversal: t.natT === "DISABLED" ? "no" : "yes",
    dpdInterval: routerosDuration(interval),
    dpdFailures: Math.max(1, Math.ceil(t.dpd.timeoutSec / interval)),
    proposal: `${prefix}-esp-${t.index}`,
    espEnc: p2.enc,
    espAuth: p2.auth,
    pfsGroup: p2.pfsGroup,
    espLifetime: routerosDuration(t.phase2.lifetimeSec),
    peer: `${prefix}-peer-${t.index}`,
    exchangeMode: t.ikeVersion === 2 ? "ike2" : "main",
    myId: ikeIdentity(m),
    secret: devicePsk(ROUTEROS_CAPABILITIES.psk, t.psk),
  };
}

/**
 * Policies for both tunnels. A RouterOS router holds one policy per selector pair, so a pair that tunnel 1
 * already carries is added for tunnel 2 disabled (a standby to enable if tunnel 1 fails); pairs only tunnel 2
 * carries stay enabled.
 */
function policies(
  m: ConnectionModel,
  tunnels: RouterosTunnel[],
  pairs: Map<number, SelectorPair[]>,
): RouterosPolicy[] {
  const taken = new Set<string>();
  const out: RouterosPolicy[] = [];
  for (const t of tunnels) {
    for (const p of pairs.get(t.index) ?? []) {
      const key = `${p.local}>${p.remote}`;
      const standby = taken.has(key);
      taken.add(key);
      out.push({
        tunnel: t.index,
        peer: t.peer,
        proposal: t.proposal,
        src: p.local,
        dst: p.remote,
        disabled: standby ? "yes" : "no",
        comment: `${t.comment} ${standby ? "standby" : "active"}`,
      });
    }
  }
  if (out.length === 0) throw new CapabilityError(VENDOR, `${m.id}: no traffic selectors to protect`);
  return out;
}

function firewallRules(m: ConnectionModel, tag: string, pairs: SelectorPair[]) {
  const filter: string[] = [];
  for (const t of m.tunnels) {
    const ports = t.natT === "DISABLED" ? "500" : "500,4500";
    filter.push(
      `chain=input action=accept protocol=udp dst-port=${ports} src-address=${t.oracleIp} comment="${tag} IKE tunnel-${t.index}"`,
      `chain=input action=accept protocol=ipsec-esp src-address=${t.oracleIp} comment="${tag} ESP tunnel-${t.index}"`,
    );
  }
  const nat: string[] = [];
  for (const p of pairs) {
    // ipsec-policy= matches only traffic that the IPsec policies encrypt or decrypted, never plain WAN traffic.
    filter.push(
      `chain=forward action=accept src-address=${p.local} dst-address=${p.remote} ipsec-policy=out,ipsec comment="${tag} to Oracle"`,
      `chain=forward action=accept src-address=${p.remote} dst-address=${p.local} ipsec-policy=in,ipsec comment="${tag} from Oracle"`,
    );
    nat.push(
      `chain=srcnat action=accept src-address=${p.local} dst-address=${p.remote} comment="${tag} no NAT to Oracle"`,
    );
  }
  return { filter, nat };
}

function mangleRules(m: ConnectionModel, tag: string, remotes: string[]): string[] {
  const mss = m.mss.mssIpv4;
  // tcp-mss= only lowers larger values; SYN and SYN-ACK in both directions, so both ends learn the clamp.
  const common = `chain=forward action=change-mss new-mss=${mss} passthrough=yes protocol=tcp tcp-flags=syn tcp-mss=${mss + 1}-65535`;
  return remotes.flatMap((net) => [
    `${common} dst-address=${net} comment="${tag} MSS to Oracle"`,
    `${common} src-address=${net} comment="${tag} MSS from Oracle"`,
  ]);
}

/** Maps the model to the RouterOS template's view. Throws CapabilityError for what RouterOS cannot do. */
export function routerosView(m: ConnectionModel): RouterosView {
  const bgp = m.tunnels.find((t) => t.routing === "BGP");
  if (bgp) throw tunnelError(VENDOR, bgp, BGP_REFUSAL);
  assertSameRouting(VENDOR, m);
  const suffix = ocidSuffix(m.id);
  const prefix = `ts-${suffix}`;
  const tag = `tunnelsmith:${suffix}`;
  const pairs = new Map(m.tunnels.map((t) => [t.index, selectorPairs(VENDOR, m, t)]));
  const tunnels = m.tunnels.map((t) => tunnelView(m, t, prefix, tag));
  const policyList = policies(m, tunnels, pairs);
  const distinctPairs = unique(policyList.map((p) => `${p.src}>${p.dst}`)).map((key) => {
    const [local = "", remote = ""] = key.split(">");
    return { local, remote };
  });
  const { filter, nat } = firewallRules(m, tag, distinctPairs);
  return {
    connectionLabel: m.label,
    connectionId: m.id,
    cpeLabel: m.cpe.label,
    tag,
    tagPattern: `^${tag} `,
    prefix,
    namePattern: `^${prefix}-`,
    group: prefix,
    tunnels,
    policies: policyList,
    hasStandby: policyList.some((p) => p.disabled === "yes"),
    standbyPattern: `^${tag} tunnel-2 standby`,
    activePattern: `^${tag} tunnel-1 `,
    filterRules: filter,
    natRules: nat,
    mangleRules: mangleRules(m, tag, unique(distinctPairs.map((p) => p.remote))),
    mss: m.mss.mssIpv4,
    mssTable: formatMss(m.mss).split("\n"),
  };
}
