/**
 * OCI enum spellings, exactly as the API returns them (see the SDK models `IPSecConnection`,
 * `IPSecConnectionTunnel`, `PhaseOneConfigDetails`, `PhaseTwoConfigDetails`).
 */

export const CONNECTION_LIFECYCLE = ["PROVISIONING", "AVAILABLE", "TERMINATING", "TERMINATED"] as const;
export const TUNNEL_LIFECYCLE = ["PROVISIONING", "AVAILABLE", "TERMINATING", "TERMINATED"] as const;
export const TUNNEL_STATUS = ["UP", "DOWN", "DOWN_FOR_MAINTENANCE", "PARTIAL_UP"] as const;
export const IKE_VERSION = ["V1", "V2"] as const;
export const ROUTING = ["BGP", "STATIC", "POLICY"] as const;
export const LOCAL_IDENTIFIER_TYPE = ["IP_ADDRESS", "HOSTNAME"] as const;
export const TRANSPORT_TYPE = ["INTERNET", "FASTCONNECT"] as const;
export const ORACLE_CAN_INITIATE = ["INITIATOR_OR_RESPONDER", "RESPONDER_ONLY"] as const;
export const NAT_TRANSLATION = ["ENABLED", "DISABLED", "AUTO"] as const;
export const DPD_MODE = ["INITIATE_AND_RESPOND", "RESPOND_ONLY"] as const;
export const BGP_STATE = ["UP", "DOWN"] as const;

export const PHASE1_AUTH = ["SHA2_384", "SHA2_256", "SHA1_96"] as const;
export const PHASE1_ENCRYPTION = ["AES_256_CBC", "AES_192_CBC", "AES_128_CBC"] as const;
export const DH_GROUP = ["GROUP2", "GROUP5", "GROUP14", "GROUP19", "GROUP20", "GROUP24"] as const;
export const PHASE2_AUTH = ["HMAC_SHA2_256_128", "HMAC_SHA1_128"] as const;
export const PHASE2_ENCRYPTION = [
  "AES_256_GCM",
  "AES_192_GCM",
  "AES_128_GCM",
  "AES_256_CBC",
  "AES_192_CBC",
  "AES_128_CBC",
] as const;

export type Phase1Auth = (typeof PHASE1_AUTH)[number];
export type Phase1Encryption = (typeof PHASE1_ENCRYPTION)[number];
export type DhGroupName = (typeof DH_GROUP)[number];
export type Phase2Auth = (typeof PHASE2_AUTH)[number];
export type Phase2Encryption = (typeof PHASE2_ENCRYPTION)[number];
