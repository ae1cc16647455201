import { z } from "zod";
import { checkCrossReferences } from "./checks.ts";
import { interfaceName, interfacePrefix, ipv4, networkCidr, psk } from "./fields.ts";
import { greSchema } from "./gre.ts";
import { cpeSchema, ipsecConnectionSchema, tunnelSchema } from "./oci-objects.ts";
import { openstackRelease } from "./openstack-release.ts";

export { GRE_OVERHEAD, type GreFacts, greSchema } from "./gre.ts";
export { cpeSchema, ipsecConnectionSchema, type SnapshotTunnel, tunnelSchema } from "./oci-objects.ts";

/**
 * The connection snapshot: everything needed to render CPE configurations for one IPSec connection, in OCI's own
 * field names so a user can paste API output into it. Objects are "loose": OCI adds fields over time and a
 * snapshot taken from a newer API must still load. Only the fields tunnelsmith uses are checked; the checks
 * that span several fields are in checks.ts.
 */

/** Vendor ids are plain lower-case words; the registry decides which exist. */
export const vendorId = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,31}$/, { message: "must be a vendor id like libreswan" });

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

/** A validated connection snapshot. */
export type Snapshot = z.infer<typeof snapshotSchema>;
export type SiteFacts = z.infer<typeof siteSchema>;
