import type {
  DhGroupName,
  Phase1Auth,
  Phase1Encryption,
  Phase2Auth,
  Phase2Encryption,
} from "../snapshot/oci-enums.ts";
import type { SnapshotTunnel } from "../snapshot/schema.ts";
import type { Cipher, DhGroup, EspIntegrity, IkeIntegrity, Phase1Proposal, Phase2Proposal } from "./types.ts";

/**
 * Oracle's defaults when a tunnel has no custom phase settings. Oracle's headend accepts several proposals; these
 * are the ones Oracle's own Libreswan example and the field notes of a working Libreswan VTI setup use, so a rendered config
 * matches what engineers already run. Pick custom phase settings on the tunnel to choose e.g. DH group 20.
 */
export const ORACLE_DEFAULT_PHASE1 = {
  cipher: { mode: "cbc", keyBits: 256 },
  integrity: "sha384",
  dhGroup: 5,
  lifetimeSec: 28800,
} as const satisfies Omit<Phase1Proposal, "custom">;

export const ORACLE_DEFAULT_PHASE2 = {
  cipher: { mode: "gcm", keyBits: 256 },
  integrity: null,
  pfsDhGroup: 5,
  lifetimeSec: 3600,
} as const satisfies Omit<Phase2Proposal, "custom">;

const PHASE1_ENC: Record<Phase1Encryption, Cipher> = {
  AES_256_CBC: { mode: "cbc", keyBits: 256 },
  AES_192_CBC: { mode: "cbc", keyBits: 192 },
  AES_128_CBC: { mode: "cbc", keyBits: 128 },
};

const PHASE1_AUTH: Record<Phase1Auth, IkeIntegrity> = {
  SHA2_384: "sha384",
  SHA2_256: "sha256",
  SHA1_96: "sha1",
};

const PHASE2_ENC: Record<Phase2Encryption, Cipher> = {
  AES_256_GCM: { mode: "gcm", keyBits: 256 },
  AES_192_GCM: { mode: "gcm", keyBits: 192 },
  AES_128_GCM: { mode: "gcm", keyBits: 128 },
  AES_256_CBC: { mode: "cbc", keyBits: 256 },
  AES_192_CBC: { mode: "cbc", keyBits: 192 },
  AES_128_CBC: { mode: "cbc", keyBits: 128 },
};

/** OCI's `HMAC_SHA1_128` names the 128-bit key; on the wire ESP uses HMAC-SHA1-96 (RFC 2404). */
const PHASE2_AUTH: Record<Phase2Auth, Exclude<EspIntegrity, null>> = {
  HMAC_SHA2_256_128: "hmac-sha256-128",
  HMAC_SHA1_128: "hmac-sha1-96",
};

const DH: Record<DhGroupName, DhGroup> = {
  GROUP2: 2,
  GROUP5: 5,
  GROUP14: 14,
  GROUP19: 19,
  GROUP20: 20,
  GROUP24: 24,
};

/** Parses an ESP cipher given as OCI's enum (`AES_256_GCM`) — for the CLI's `--phase2`. */
export function phase2CipherFromOci(value: Phase2Encryption): Cipher {
  return PHASE2_ENC[value];
}

/** Parses an ESP integrity given as OCI's enum (`HMAC_SHA2_256_128`). */
export function phase2IntegrityFromOci(value: Phase2Auth): Exclude<EspIntegrity, null> {
  return PHASE2_AUTH[value];
}

/** The tunnel's phase 1 proposal: its custom settings when `isCustomPhaseOneConfig`, else Oracle's defaults. */
export function phase1Of(t: SnapshotTunnel): Phase1Proposal {
  const p = t.phaseOneDetails;
  const lifetimeSec = p?.lifetime ?? ORACLE_DEFAULT_PHASE1.lifetimeSec;
  if (
    p?.isCustomPhaseOneConfig &&
    p.customEncryptionAlgorithm &&
    p.customAuthenticationAlgorithm &&
    p.customDhGroup
  ) {
    return {
      cipher: PHASE1_ENC[p.customEncryptionAlgorithm],
      integrity: PHASE1_AUTH[p.customAuthenticationAlgorithm],
      dhGroup: DH[p.customDhGroup],
      lifetimeSec,
      custom: true,
    };
  }
  return {
    ...ORACLE_DEFAULT_PHASE1,
    cipher: { ...ORACLE_DEFAULT_PHASE1.cipher },
    lifetimeSec,
    custom: false,
  };
}

/** The tunnel's phase 2 proposal: custom when `isCustomPhaseTwoConfig`, else Oracle's defaults. */
export function phase2Of(t: SnapshotTunnel): Phase2Proposal {
  const p = t.phaseTwoDetails;
  const lifetimeSec = p?.lifetime ?? ORACLE_DEFAULT_PHASE2.lifetimeSec;
  if (p?.isCustomPhaseTwoConfig && p.customEncryptionAlgorithm) {
    const cipher = PHASE2_ENC[p.customEncryptionAlgorithm];
    const pfsOff = p.isPfsEnabled === false;
    return {
      cipher,
      integrity:
        cipher.mode === "gcm" || !p.customAuthenticationAlgorithm
          ? null
          : PHASE2_AUTH[p.customAuthenticationAlgorithm],
      pfsDhGroup: pfsOff ? null : p.dhGroup ? DH[p.dhGroup] : ORACLE_DEFAULT_PHASE2.pfsDhGroup,
      lifetimeSec,
      custom: true,
    };
  }
  return {
    ...ORACLE_DEFAULT_PHASE2,
    cipher: { ...ORACLE_DEFAULT_PHASE2.cipher },
    lifetimeSec,
    custom: false,
  };
}
