import type { z } from "zod";
import { SITE_DEFAULTS } from "../model/defaults.ts";
import { ipv4ToInt, isIpv4, parseIpv4Prefixed, sameNetwork } from "../net/ipv4.ts";
import { GRE_OVERHEAD_BYTES, type GreFacts } from "./gre.ts";
import { monitorIpProblem } from "./monitor-ip.ts";
import type { SnapshotConnection, SnapshotTunnel } from "./oci-objects.ts";

/**
 * The snapshot checks that span several fields (ids, secrets, routing-specific requirements), run by the
 * snapshot schema after each field has passed its own.
 */

/** The parts of a parsed snapshot these checks read (spelled out so the schema module can import this one). */
export interface CheckedSnapshot {
  ipsecConnection: SnapshotConnection;
  tunnels: SnapshotTunnel[];
  sharedSecrets: Record<string, string>;
  cpe: { id: string };
  oracleCidrs: string[];
  site: {
    bgpAdvertise?: string[] | undefined;
    gre?: GreFacts | undefined;
    wanMtu?: number | undefined;
    monitorIp?: string | undefined;
  };
}

/** Checks that need more than one field: ids, secrets, routing-specific requirements. */
export function checkCrossReferences(s: CheckedSnapshot, ctx: z.RefinementCtx): void {
  const issue = (path: PropertyKey[], message: string) => ctx.addIssue({ code: "custom", path, message });
  if (s.cpe.id !== s.ipsecConnection.cpeId) issue(["cpe", "id"], "does not match ipsecConnection.cpeId");
  checkLocalIdentifier(s.ipsecConnection, issue);
  const seen = new Map<string, number>();
  s.tunnels.forEach((t, i) => {
    const first = seen.get(t.id);
    if (first !== undefined) issue(["tunnels", i, "id"], `duplicates tunnels[${first}].id`);
    seen.set(t.id, i);
    if (s.sharedSecrets[t.id] === undefined)
      issue(["sharedSecrets"], `missing the PSK for tunnels[${i}] (${t.id})`);
    if (t.routing === "BGP") checkBgp(t, i, issue);
    if (t.routing === "POLICY") {
      const d = t.encryptionDomainConfig;
      if (!d || d.oracleTrafficSelector.length === 0 || d.cpeTrafficSelector.length === 0) {
        issue(
          ["tunnels", i, "encryptionDomainConfig"],
          "POLICY routing needs oracle and CPE traffic selectors",
        );
      }
    }
    if (t.routing === "STATIC" && s.oracleCidrs.length === 0) {
      issue(["oracleCidrs"], `tunnels[${i}] uses STATIC routing, which needs at least one Oracle-side CIDR`);
    }
    checkPhaseOne(t, i, issue);
    checkPhaseTwo(t, i, issue);
  });
  for (const key of Object.keys(s.sharedSecrets)) {
    if (!seen.has(key)) issue(["sharedSecrets", key], "is not the id of either tunnel");
  }
  if (s.tunnels[0] && s.tunnels[1] && s.tunnels[0].vpnIp === s.tunnels[1].vpnIp) {
    issue(["tunnels", 1, "vpnIp"], "is the same Oracle headend IP as tunnels[0].vpnIp");
  }
  const announced = s.site.bgpAdvertise ?? s.ipsecConnection.staticRoutes;
  if (s.tunnels.some((t) => t.routing === "BGP") && announced.length === 0) {
    issue(
      ["site", "bgpAdvertise"],
      "BGP needs at least one network to announce (or ipsecConnection.staticRoutes)",
    );
  }
  s.site.bgpAdvertise?.forEach((cidr, i) => {
    if (cidr.endsWith("/0"))
      issue(["site", "bgpAdvertise", i], "a default route must never be announced to Oracle");
  });
  if (s.site.gre) checkGre(s.site.gre, s.site.wanMtu, issue);
  const monitor = monitorIpProblem(s.site.monitorIp, s.oracleCidrs, s.tunnels);
  if (monitor) issue(["site", "monitorIp"], monitor);
}

/** Checks the parts of `site.gre` that a field validator cannot see. */
function checkGre(g: GreFacts, wanMtu: number | undefined, issue: IssueFn): void {
  const base = ["site", "gre"];
  if (g.localIp === g.remoteIp) issue([...base, "remoteIp"], "must differ from localIp");
  const inside = parseIpv4Prefixed(g.insideAddress);
  if (inside?.prefixLength === 30) {
    const host = ipv4ToInt(inside.address) % 4;
    if (host === 0 || host === 3)
      issue([...base, "insideAddress"], "is the network or broadcast address of its /30; use .1 or .2");
  }
  g.remoteNetworks.forEach((cidr, i) => {
    const net = parseIpv4Prefixed(cidr);
    if (!net) return;
    if (net.prefixLength === 0) {
      issue(
        [...base, "remoteNetworks", i],
        "a default route through GRE would also capture the tunnel's own packets",
      );
    } else if (sameNetwork(net.address, g.remoteIp, net.prefixLength)) {
      issue(
        [...base, "remoteNetworks", i],
        `contains remoteIp ${g.remoteIp}: the tunnel's own packets would be routed into the tunnel`,
      );
    }
  });
  const underlay = wanMtu ?? SITE_DEFAULTS.wanMtu;
  const limit = underlay - GRE_OVERHEAD_BYTES;
  if (g.mtu !== undefined && g.mtu > limit) {
    issue(
      [...base, "mtu"],
      `must be at most ${limit} (site.wanMtu ${underlay} − 20 outer IPv4 − 4 GRE − 4 key)`,
    );
  }
}

type Tunnel = SnapshotTunnel;
type IssueFn = (path: PropertyKey[], message: string) => void;

function checkBgp(t: Tunnel, i: number, issue: IssueFn): void {
  const b = t.bgpSessionInfo;
  const base = ["tunnels", i, "bgpSessionInfo"];
  if (!b) {
    issue(base, "BGP routing needs bgpSessionInfo");
    return;
  }
  for (const key of ["oracleInterfaceIp", "customerInterfaceIp", "customerBgpAsn"] as const) {
    if (b[key] === undefined || b[key] === null) issue([...base, key], "is required for BGP routing");
  }
  const customer = b.customerInterfaceIp ? parseIpv4Prefixed(b.customerInterfaceIp) : undefined;
  const oracle = b.oracleInterfaceIp ? parseIpv4Prefixed(b.oracleInterfaceIp) : undefined;
  if (!customer || !oracle) return;
  const path = [...base, "oracleInterfaceIp"];
  if (customer.prefixLength !== oracle.prefixLength)
    issue(path, "must have the same prefix length as customerInterfaceIp");
  else if (customer.address === oracle.address) issue(path, "must differ from customerInterfaceIp");
  else if (!sameNetwork(customer.address, oracle.address, customer.prefixLength)) {
    issue(path, `is not in the same /${customer.prefixLength} as customerInterfaceIp`);
  }
}

const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

function checkLocalIdentifier(c: SnapshotConnection, issue: IssueFn): void {
  const value = c.cpeLocalIdentifier;
  if (value === undefined || value === null) return;
  const ok = c.cpeLocalIdentifierType === "HOSTNAME" ? HOSTNAME.test(value) : isIpv4(value);
  if (!ok) {
    const kind = c.cpeLocalIdentifierType === "HOSTNAME" ? "a DNS host name" : "an IPv4 address";
    issue(
      ["ipsecConnection", "cpeLocalIdentifier"],
      `must be ${kind} for type ${c.cpeLocalIdentifierType ?? "IP_ADDRESS"}`,
    );
  }
}

function checkPhaseOne(t: Tunnel, i: number, issue: IssueFn): void {
  const p1 = t.phaseOneDetails;
  if (!p1?.isCustomPhaseOneConfig) return;
  for (const key of [
    "customEncryptionAlgorithm",
    "customAuthenticationAlgorithm",
    "customDhGroup",
  ] as const) {
    if (!p1[key])
      issue(["tunnels", i, "phaseOneDetails", key], "is required when isCustomPhaseOneConfig is true");
  }
}

function checkPhaseTwo(t: Tunnel, i: number, issue: IssueFn): void {
  const p2 = t.phaseTwoDetails;
  if (!p2?.isCustomPhaseTwoConfig) return;
  const base = ["tunnels", i, "phaseTwoDetails"];
  const enc = p2.customEncryptionAlgorithm;
  if (!enc) {
    issue([...base, "customEncryptionAlgorithm"], "is required when isCustomPhaseTwoConfig is true");
    return;
  }
  const gcm = enc.endsWith("_GCM");
  if (gcm && p2.customAuthenticationAlgorithm) {
    issue(
      [...base, "customAuthenticationAlgorithm"],
      "must be empty with an AES-GCM cipher (GCM authenticates)",
    );
  }
  if (!gcm && !p2.customAuthenticationAlgorithm) {
    issue([...base, "customAuthenticationAlgorithm"], `is required with ${enc}`);
  }
}
