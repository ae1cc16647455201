import { z } from "zod";
import { asn, insideAddress, ipv4, networkCidr, ocid } from "./fields.ts";
import * as E from "./oci-enums.ts";

/**
 * The OCI objects inside a connection snapshot (IPSec connection, tunnels, CPE), in OCI's own field names. Loose
 * objects: OCI adds fields over time and a snapshot taken from a newer API must still load.
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

/** A tunnel as the snapshot holds it. */
export type SnapshotTunnel = z.infer<typeof tunnelSchema>;
/** The IPSec connection as the snapshot holds it. */
export type SnapshotConnection = z.output<typeof ipsecConnectionSchema>;
