import { CapabilityError } from "../../errors.ts";
import type { ConnectionModel, TunnelModel } from "../../model/types.ts";
import { devicePsk } from "../../render/psk.ts";
import { hostNames, slotSuffix } from "../linux-host/names.ts";
import { espAlgorithms, ikeAlgorithms, LIBRESWAN_CAPABILITIES } from "./algorithms.ts";

/** One `conn` section of `oci-ipsec.conf`. */
export interface LibreswanConn {
  name: string;
  index: number;
  label: string;
  tunnelId: string;
  left: string;
  leftid: string | null;
  right: string;
  leftsubnet: string;
  rightsubnet: string;
  routeBased: { mark: string; vtiInterface: string; leftvti: string | null; updown: string } | null;
  ikev2: "insist" | "no";
  ike: string;
  phase2alg: string;
  pfs: "yes" | "no";
  encapsulation: "yes" | "no" | "auto";
  ikelifetime: string;
  salifetime: string;
  dpddelay: string;
  /** IKEv1 only: Libreswan's IKEv2 liveness ignores it (and warns). */
  dpdtimeout: string | null;
  /** IKEv2 only: how long an unanswered liveness probe is retransmitted before the peer is declared dead. */
  retransmitTimeout: string | null;
}

export interface LibreswanView {
  files: { conf: string; secrets: string };
  /** The updown wrapper route-based tunnels use, and the routes script it calls. */
  updown: { script: string; routesScript: string } | null;
  connectionLabel: string;
  connectionId: string;
  cpeLabel: string;
  ikev1: boolean;
  policyBased: boolean;
  conns: LibreswanConn[];
  secrets: { leftid: string; right: string; psk: string; label: string }[];
}

/**
 * The IKE identity Libreswan sends: `@host` for a HOSTNAME identifier, else the address. Behind 1:1 NAT `left`
 * is the private address, so the public one must be stated (Oracle's Libreswan example: "leftid … 1-1 NAT").
 */
function identity(m: ConnectionModel): string {
  return m.cpe.identity.type === "HOSTNAME" ? `@${m.cpe.identity.value}` : m.cpe.identity.value;
}

function encapsulation(t: TunnelModel): LibreswanConn["encapsulation"] {
  if (t.natT === "ENABLED") return "yes";
  if (t.natT === "DISABLED") return "no";
  return "auto";
}

function baseConn(
  m: ConnectionModel,
  t: TunnelModel,
  name: string,
): Omit<LibreswanConn, "leftsubnet" | "rightsubnet" | "routeBased"> {
  const id = identity(m);
  return {
    name,
    index: t.index,
    label: t.label,
    tunnelId: t.id,
    left: m.cpe.localIp,
    leftid: id !== m.cpe.localIp ? id : null,
    right: t.oracleIp,
    ikev2: t.ikeVersion === 2 ? "insist" : "no",
    ike: ikeAlgorithms(t),
    phase2alg: espAlgorithms(t),
    pfs: t.phase2.pfsDhGroup === null ? "no" : "yes",
    encapsulation: encapsulation(t),
    ikelifetime: `${t.phase1.lifetimeSec}s`,
    salifetime: `${t.phase2.lifetimeSec}s`,
    // Probe at half Oracle's DPD timeout so a dead peer is noticed before Oracle gives up on us.
    dpddelay: `${Math.max(5, Math.floor(t.dpd.timeoutSec / 2))}s`,
    dpdtimeout: t.ikeVersion === 1 ? `${t.dpd.timeoutSec}s` : null,
    // IKEv2 liveness gives up when a probe's retransmits run out: pluto's 60 s default would hold traffic on a
    // dead tunnel for over a minute. Oracle's DPD timeout is the same promise from the other end.
    retransmitTimeout: t.ikeVersion === 2 ? `${t.dpd.timeoutSec}s` : null,
  };
}

function tunnelConns(m: ConnectionModel, t: TunnelModel): LibreswanConn[] {
  const name = `oracle-tunnel-${t.index}${slotSuffix(m)}`;
  if (t.routing === "POLICY") {
    const pairs = t.encryptionDomain.cpe.flatMap((cpe) =>
      t.encryptionDomain.oracle.map((oracle) => ({ cpe, oracle })),
    );
    return pairs.map((p, i) => ({
      ...baseConn(m, t, pairs.length > 1 ? `${name}-${i + 1}` : name),
      leftsubnet: p.cpe,
      rightsubnet: p.oracle,
      routeBased: null,
    }));
  }
  // Route-based: Oracle's headend negotiates 0.0.0.0/0 selectors; the VTI and the routes decide what crosses.
  return [
    {
      ...baseConn(m, t, name),
      leftsubnet: "0.0.0.0/0",
      rightsubnet: "0.0.0.0/0",
      routeBased: {
        mark: `${t.iface.mark}/0xffffffff`,
        vtiInterface: t.iface.name,
        leftvti: t.bgp ? `${t.bgp.customerIp}/${t.bgp.prefixLength}` : null,
        updown: `/usr/local/sbin/${hostNames(m).updownScript}`,
      },
    },
  ];
}

/** Maps the model to the Libreswan templates' view. Throws CapabilityError for what Libreswan 4 cannot do. */
export function libreswanView(m: ConnectionModel): LibreswanView {
  if (m.tunnels.some((t) => t.routing === "POLICY") && m.tunnels.some((t) => t.routing !== "POLICY")) {
    throw new CapabilityError(
      "libreswan",
      "mixing POLICY with route-based tunnels in one connection is not supported",
    );
  }
  const id = identity(m);
  const names = hostNames(m);
  const suffix = slotSuffix(m);
  const routeBased = m.tunnels.some((t) => t.routing !== "POLICY");
  return {
    files: { conf: `oci-ipsec${suffix}.conf`, secrets: `oci-ipsec${suffix}.secrets` },
    updown: routeBased ? { script: names.updownScript, routesScript: names.routesScript } : null,
    connectionLabel: m.label,
    connectionId: m.id,
    cpeLabel: m.cpe.label,
    ikev1: m.tunnels.some((t) => t.ikeVersion === 1),
    policyBased: m.tunnels.every((t) => t.routing === "POLICY"),
    conns: m.tunnels.flatMap((t) => tunnelConns(m, t)),
    secrets: m.tunnels.map((t) => ({
      leftid: id,
      right: t.oracleIp,
      psk: devicePsk(LIBRESWAN_CAPABILITIES.psk, t.psk),
      label: t.label,
    })),
  };
}
