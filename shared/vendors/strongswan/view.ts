import { CapabilityError } from "../../errors.ts";
import type { ConnectionModel, TunnelModel } from "../../model/types.ts";
import { tunnelError } from "../../render/capabilities.ts";
import { devicePsk } from "../../render/psk.ts";
import { hostNames } from "../linux-host/names.ts";
import { espProposal, ikeProposal, STRONGSWAN_CAPABILITIES } from "./algorithms.ts";

const VENDOR = "strongswan";

/** One CHILD_SA of a connection: the whole address space (route-based) or one encryption-domain pair (POLICY). */
export interface StrongswanChild {
  name: string;
  localTs: string;
  remoteTs: string;
}

/** One `connections.<conn>` section of swanctl.conf: one OCI tunnel. */
export interface StrongswanConn {
  name: string;
  index: number;
  label: string;
  tunnelId: string;
  version: 1 | 2;
  ikev2: boolean;
  localAddrs: string;
  remoteAddrs: string;
  localId: string;
  remoteId: string;
  proposals: string;
  espProposals: string;
  encap: "yes" | "no";
  ikeRekeyTime: string;
  ikeOverTime: string;
  childRekeyTime: string;
  childLifeTime: string;
  dpdDelay: string;
  /** IKEv1 only: IKEv2 liveness uses charon's retransmission timeouts instead. */
  dpdTimeout: string | null;
  /** Route-based only: the XFRM interface id on the SAs and policies (the model's mark). */
  routeBased: { ifId: number; iface: string; updown: string } | null;
  children: StrongswanChild[];
}

/** The `secrets.ike<suffix>` section for one tunnel's PSK. */
export interface StrongswanSecret {
  name: string;
  label: string;
  localId: string;
  remoteId: string;
  psk: string;
}

export interface StrongswanView {
  connectionLabel: string;
  connectionId: string;
  cpeLabel: string;
  /** Where the file goes; one file per connection, so several connections on one CPE coexist. */
  installPath: string;
  hasXfrm: boolean;
  xfrmInterfaces: { iface: string; ifId: number; conn: string }[];
  ikev1: boolean;
  policyBased: boolean;
  conns: StrongswanConn[];
  secrets: StrongswanSecret[];
}

/**
 * The identity the CPE sends. An IP identity is the address itself; a HOSTNAME gets the `fqdn:` prefix so that a
 * name strongSwan could also read as an address or e-mail is still sent as ID_FQDN, as OCI expects.
 */
function localIdentity(m: ConnectionModel): string {
  return m.cpe.identity.type === "HOSTNAME" ? `fqdn:${m.cpe.identity.value}` : m.cpe.identity.value;
}

/** Seconds at 90 % of a lifetime: rekeying starts there (minus charon's random jitter), before Oracle expires it. */
function ninetyPercent(seconds: number): number {
  return Math.floor(seconds * 0.9);
}

/**
 * `oracle-tunnel-1`/`-2` as in the Libreswan output, with `-slot<N>` for the second and later connections on one
 * CPE, so several rendered files can sit in /etc/swanctl/conf.d together without one replacing another.
 */
function connName(m: ConnectionModel, t: TunnelModel): string {
  return m.site.slot === 0 ? `oracle-tunnel-${t.index}` : `oracle-tunnel-${t.index}-slot${m.site.slot}`;
}

function children(t: TunnelModel, name: string): StrongswanChild[] {
  if (t.routing !== "POLICY") {
    // Route-based: Oracle's headend negotiates 0.0.0.0/0 both ways; the XFRM interface and routes decide.
    return [{ name, localTs: "0.0.0.0/0", remoteTs: "0.0.0.0/0" }];
  }
  // One CHILD_SA per selector pair: IKEv1 cannot carry several subnets in one quick mode, and Oracle's headend
  // negotiates each pair separately, so this shape works for both IKE versions.
  const pairs = t.encryptionDomain.cpe.flatMap((cpe) =>
    t.encryptionDomain.oracle.map((oracle) => ({ cpe, oracle })),
  );
  return pairs.map((p, i) => ({
    name: pairs.length > 1 ? `${name}-${i + 1}` : name,
    localTs: p.cpe,
    remoteTs: p.oracle,
  }));
}

function conn(m: ConnectionModel, t: TunnelModel): StrongswanConn {
  const name = connName(m, t);
  const ikeLife = t.phase1.lifetimeSec;
  const childLife = t.phase2.lifetimeSec;
  return {
    name,
    index: t.index,
    label: t.label,
    tunnelId: t.id,
    version: t.ikeVersion,
    ikev2: t.ikeVersion === 2,
    localAddrs: m.cpe.localIp,
    remoteAddrs: t.oracleIp,
    localId: localIdentity(m),
    remoteId: t.oracleIp,
    proposals: ikeProposal(t),
    espProposals: espProposal(t),
    // `encap = yes` fakes NAT detection so ESP always travels in UDP 4500, matching OCI's NAT-T ENABLED.
    encap: t.natT === "ENABLED" ? "yes" : "no",
    ikeRekeyTime: `${ninetyPercent(ikeLife)}s`,
    ikeOverTime: `${ikeLife - ninetyPercent(ikeLife)}s`,
    childRekeyTime: `${ninetyPercent(childLife)}s`,
    childLifeTime: `${childLife}s`,
    // Probe at half Oracle's DPD timeout so a dead peer is noticed before Oracle gives up on us.
    dpdDelay: `${Math.max(5, Math.floor(t.dpd.timeoutSec / 2))}s`,
    dpdTimeout: t.ikeVersion === 1 ? `${t.dpd.timeoutSec}s` : null,
    routeBased:
      t.routing === "POLICY"
        ? null
        : {
            ifId: t.iface.mark,
            iface: t.iface.name,
            // Moves the Oracle routes off this tunnel when its SA goes down (see the routes script).
            updown: `/usr/local/sbin/${hostNames(m).routesScript} hook ${t.iface.name}`,
          },
    children: children(t, name),
  };
}

/** Rejects what strongSwan cannot express for this connection, with the fix. */
function assertExpressible(m: ConnectionModel): void {
  if (m.tunnels.some((t) => t.routing === "POLICY") && m.tunnels.some((t) => t.routing !== "POLICY")) {
    // A POLICY tunnel's policies (no interface id) would capture the Oracle CIDRs before any route-based tunnel
    // saw them, so the route-based tunnel would silently never carry traffic.
    throw new CapabilityError(
      VENDOR,
      "mixing POLICY with route-based tunnels in one connection is not supported: set both tunnels to the same routing type",
    );
  }
  for (const t of m.tunnels) {
    if (t.natT === "DISABLED" && m.cpe.behindNat) {
      // charon always runs NAT detection and moves to UDP 4500 when it finds the 1:1 NAT; it has no switch to
      // keep plain ESP, and Oracle with NAT-T disabled would not accept UDP-encapsulated ESP.
      throw tunnelError(
        VENDOR,
        t,
        `NAT traversal is DISABLED on the OCI tunnel but the CPE is behind NAT (local ${m.cpe.localIp}, public ${m.cpe.publicIp}); strongSwan always encapsulates in UDP 4500 behind NAT. Set the tunnel's NAT traversal to AUTO or ENABLED in OCI.`,
      );
    }
  }
}

/** `/etc/swanctl/conf.d/oci-vpn-<slot>.conf`: the slot is unique per connection on a CPE. */
export function strongswanInstallPath(m: ConnectionModel): string {
  return `/etc/swanctl/conf.d/oci-vpn-${m.site.slot}.conf`;
}

/** Maps the model to the swanctl.conf template's view. Throws CapabilityError for what strongSwan cannot do. */
export function strongswanView(m: ConnectionModel): StrongswanView {
  assertExpressible(m);
  const conns = m.tunnels.map((t) => conn(m, t));
  const xfrmInterfaces = conns.flatMap((c) =>
    c.routeBased ? [{ iface: c.routeBased.iface, ifId: c.routeBased.ifId, conn: c.name }] : [],
  );
  return {
    connectionLabel: m.label,
    connectionId: m.id,
    cpeLabel: m.cpe.label,
    installPath: strongswanInstallPath(m),
    hasXfrm: xfrmInterfaces.length > 0,
    xfrmInterfaces,
    ikev1: m.tunnels.some((t) => t.ikeVersion === 1),
    policyBased: m.tunnels.every((t) => t.routing === "POLICY"),
    conns,
    secrets: m.tunnels.map((t) => ({
      name: `ike-${connName(m, t)}`,
      label: t.label,
      localId: localIdentity(m),
      remoteId: t.oracleIp,
      psk: devicePsk(STRONGSWAN_CAPABILITIES.psk, t.psk),
    })),
  };
}
