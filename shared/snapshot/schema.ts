import { z } from "zod";
import { SITE_DEFAULTS } from "../model/defaults.ts";
import { ipv4ToInt, isIpv4, parseIpv4Prefixed, sameNetwork } from "../net/ipv4.ts";
import {
  asn,
  insideAddress,
  interfaceName,
  interfacePrefix,
  ipv4,
  linuxInterfaceName,
  networkCidr,
  ocid,
  psk,
} from "./fields.ts";
import { monitorIpProblem } from "./monitor-ip.ts";
import * as E from "./oci-enums.ts";
import { openstackRelease } from "./openstack-release.ts";

/**
 * The connection snapshot: everything needed to render CPE configurations for one IPSec connection, in OCI's own
 * field names so a user can paste API output into it. Objects are "loose": OCI adds fields over time and a
 * snapshot taken from a newer API must still load. Only the fields tunnelsmith uses are checked.
 */

const tags = z.record(z.string(), z.unknown()).nullish();

export const ipsecConnectionSchema = z.looseObject({
  id: ocid("ipsecconnection"),
  compartmentId: ocid("compartment").or(ocid("tenancy")),
  cpeId: ocid("cpe"),
  drgId: ocid("drg"),
  displayName: z.string().max(255).nullish(),
  lifecycleState: z.enum(E.CONNECTION_LIFECYCLE),
  cpeLocalIdentifier: z.string().max(255).nullish(),
  cpeLocalIdentifierType: z.enum(E.LOCAL_IDENTIFIER_TYPE).nullish(),
  staticRoutes: z.array(networkCidr).default([]),
  transportType: z.enum(E.TRANSPORT_TYPE).nullish(),
  timeCreated: z.string().nullish(),
  freeformTags: tags,
  definedTags: tags,
});

const bgpSessionInfoSchema = z.looseObject({
  oracleInterfaceIp: insideAddress.nullish(),
  customerInterfaceIp: insideAddress.nullish(),
  oracleBgpAsn: asn.nullish(),
  customerBgpAsn: asn.nullish(),
  bgpState: z.enum(E.BGP_STATE).nullish(),
  bgpIpv6State: z.enum(E.BGP_STATE).nullish(),
});

const encryptionDomainSchema = z.looseObject({
  oracleTrafficSelector: z.array(networkCidr).default([]),
  cpeTrafficSelector: z.array(networkCidr).default([]),
});

const phaseOneSchema = z.looseObject({
  isCustomPhaseOneConfig: z.boolean().nullish(),
  lifetime: z.number().int().min(60).max(86400).nullish(),
  customAuthenticationAlgorithm: z.enum(E.PHASE1_AUTH).nullish(),
  customEncryptionAlgorithm: z.enum(E.PHASE1_ENCRYPTION).nullish(),
  customDhGroup: z.enum(E.DH_GROUP).nullish(),
});

const phaseTwoSchema = z.looseObject({
  isCustomPhaseTwoConfig: z.boolean().nullish(),
  lifetime: z.number().int().min(60).max(86400).nullish(),
  customAuthenticationAlgorithm: z.enum(E.PHASE2_AUTH).nullish(),
  customEncryptionAlgorithm: z.enum(E.PHASE2_ENCRYPTION).nullish(),
  dhGroup: z.enum(E.DH_GROUP).nullish(),
  isPfsEnabled: z.boolean().nullish(),
});

export const tunnelSchema = z.looseObject({
  id: ocid("ipsectunnel"),
  vpnIp: ipv4,
  cpeIp: ipv4.nullish(),
  displayName: z.string().max(255).nullish(),
  status: z.enum(E.TUNNEL_STATUS).nullish(),
  lifecycleState: z.enum(E.TUNNEL_LIFECYCLE).nullish(),
  ikeVersion: z.enum(E.IKE_VERSION),
  routing: z.enum(E.ROUTING),
  bgpSessionInfo: bgpSessionInfoSchema.nullish(),
  encryptionDomainConfig: encryptionDomainSchema.nullish(),
  oracleCanInitiate: z.enum(E.ORACLE_CAN_INITIATE).nullish(),
  natTranslationEnabled: z.enum(E.NAT_TRANSLATION).nullish(),
  dpdMode: z.enum(E.DPD_MODE).nullish(),
  dpdTimeoutInSec: z.number().int().min(1).max(3600).nullish(),
  phaseOneDetails: phaseOneSchema.nullish(),
  phaseTwoDetails: phaseTwoSchema.nullish(),
  timeStatusUpdated: z.string().nullish(),
});

export const cpeSchema = z.looseObject({
  id: ocid("cpe"),
  ipAddress: ipv4,
  displayName: z.string().max(255).nullish(),
  cpeDeviceShapeId: z.string().nullish(),
  isPrivate: z.boolean().nullish(),
  freeformTags: tags,
  definedTags: tags,
});

/** Vendor ids are plain lower-case words; the registry decides which exist. */
export const vendorId = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,31}$/, { message: "must be a vendor id like libreswan" });

/**
 * An unencrypted GRE tunnel between two Linux gateways (as in the gw100 ↔ gw200 example), rendered by the `linux-gre` vendor. It does not
 * come from the IPSec connection: OCI knows nothing about it. GRE has no encryption or authentication, so it is
 * only for a private underlay (FastConnect private peering, an MPLS VPN, one data centre's internal network).
 */
export const greSchema = z.strictObject({
  /** This gateway's underlay address (the source of the GRE packets). */
  localIp: ipv4,
  /** The far gateway's underlay address. */
  remoteIp: ipv4,
  /** GRE key (RFC 2890), the same number on both ends; it separates tunnels, it is not a secret. */
  key: z.number().int().min(0).max(4294967295),
  /** This end's inside address with its /30 or /31, e.g. `10.255.0.1/30`. */
  insideAddress,
  /** Networks behind the far gateway, routed into the tunnel. */
  remoteNetworks: z.array(networkCidr).min(1),
  /** Tunnel MTU; defaults to the largest that fits the underlay (site.wanMtu − 28 with a key). */
  mtu: z.number().int().min(576).max(9192).optional(),
  /** Interface name; default `gre1` (`gre0` belongs to the kernel). */
  interfaceName: linuxInterfaceName
    .refine((n) => !["gre0", "gretap0", "erspan0"].includes(n), {
      message: "is a device the kernel creates itself; choose another name such as gre1",
    })
    .optional(),
});

/**
 * CPE-side facts OCI does not know. Every key is optional; defaults are applied by the model builder and
 * documented in the README ("The site block").
 */
export const siteSchema = z.strictObject({
  localIp: ipv4.optional(),
  wanMtu: z.number().int().min(576).max(9216).optional(),
  wanInterface: interfaceName.optional(),
  lanInterface: interfaceName.optional(),
  lanGateway: ipv4.optional(),
  vendors: z.array(vendorId).min(1).optional(),
  bgpAdvertise: z.array(networkCidr).optional(),
  interfacePrefix: interfacePrefix.optional(),
  slot: z.number().int().min(0).max(99).optional(),
  gre: greSchema.optional(),
  /** An address in the VCN that answers ICMP, probed through each tunnel where the CPE can (see monitor-ip.ts). */
  monitorIp: ipv4.optional(),
  openstackRelease: openstackRelease.optional(),
});

const snapshotObject = z.strictObject({
  ipsecConnection: ipsecConnectionSchema,
  tunnels: z.array(tunnelSchema).length(2, { message: "must list exactly the connection's two tunnels" }),
  sharedSecrets: z.record(z.string(), psk),
  cpe: cpeSchema,
  cpeDeviceInfo: z
    .looseObject({
      vendor: z.string().max(100).nullish(),
      platformSoftwareVersion: z.string().max(100).nullish(),
    })
    .nullish(),
  oracleCidrs: z.array(networkCidr).default([]),
  site: siteSchema.default({}),
});

/** The connection snapshot schema, with the checks that span several fields. */
export const snapshotSchema = snapshotObject.superRefine(checkCrossReferences);

/** Checks that need more than one field: ids, secrets, routing-specific requirements. */
function checkCrossReferences(s: z.output<typeof snapshotObject>, ctx: z.RefinementCtx): void {
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

/** What every GRE packet adds to the inner packet, in wire order (RFC 2784 header, RFC 2890 key). */
export const GRE_OVERHEAD = [
  { name: "outer IPv4 header", bytes: 20 },
  { name: "GRE header", bytes: 4 },
  { name: "GRE key", bytes: 4 },
] as const;
const GRE_OVERHEAD_BYTES = GRE_OVERHEAD.reduce((sum, o) => sum + o.bytes, 0);

/** Checks the parts of `site.gre` that a field validator cannot see. */
function checkGre(g: z.infer<typeof greSchema>, wanMtu: number | undefined, issue: IssueFn): void {
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

type Tunnel = z.infer<typeof tunnelSchema>;
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

function checkLocalIdentifier(c: z.output<typeof ipsecConnectionSchema>, issue: IssueFn): void {
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

/** A validated connection snapshot. */
export type Snapshot = z.infer<typeof snapshotSchema>;
export type SnapshotTunnel = Tunnel;
export type SiteFacts = z.infer<typeof siteSchema>;
export type GreFacts = z.infer<typeof greSchema>;
