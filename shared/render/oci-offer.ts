import type { Cipher, DhGroup, EspIntegrity, IkeIntegrity } from "../model/types.ts";

/** A cipher as a short id: `aes-cbc-256`, `aes-gcm-128`. */
export type CipherId = `aes-${Cipher["mode"]}-${Cipher["keyBits"]}`;

/** The proposal part of a vendor's capability table (render/capabilities.ts). */
export interface ProposalTables {
  phase1: { ciphers: readonly CipherId[]; integrity: readonly IkeIntegrity[]; dhGroups: readonly DhGroup[] };
  phase2: {
    ciphers: readonly CipherId[];
    integrity: readonly Exclude<EspIntegrity, null>[];
    pfsGroups: readonly DhGroup[];
    /** PFS groups allowed with IKEv1 when narrower than `pfsGroups` (Libreswan: MODP only). */
    pfsGroupsIkev1?: readonly DhGroup[];
  };
}

/**
 * Every proposal an OCI IPSec tunnel can be set to (oci-facts.md), strongest first: the phase 1 and phase 2 part
 * of a vendor's capability table when the device takes them all. A device that takes less declares what it lacks
 * with {@link ociOfferWithout}, so each table says only how the device differs from OCI, and the order (which
 * decides the order of rendered proposal lists) is the same everywhere.
 */
export const PHASE1_CIPHERS: readonly CipherId[] = ["aes-cbc-256", "aes-cbc-192", "aes-cbc-128"];
export const PHASE2_CIPHERS: readonly CipherId[] = [
  "aes-gcm-256",
  "aes-gcm-192",
  "aes-gcm-128",
  "aes-cbc-256",
  "aes-cbc-192",
  "aes-cbc-128",
];
export const IKE_INTEGRITY: readonly IkeIntegrity[] = ["sha384", "sha256", "sha1"];
export const ESP_INTEGRITY: readonly Exclude<EspIntegrity, null>[] = ["hmac-sha256-128", "hmac-sha1-96"];
const DH_GROUPS: readonly DhGroup[] = [2, 5, 14, 19, 20, 24];

/** What a device does not take of OCI's offer; each list applies to both phases. */
export interface OfferGaps {
  ciphers?: readonly CipherId[];
  ikeIntegrity?: readonly IkeIntegrity[];
  espIntegrity?: readonly Exclude<EspIntegrity, null>[];
  /** DH groups, for IKE and for PFS. */
  dhGroups?: readonly DhGroup[];
}

/** OCI's offer less `gaps`, as the `phase1`/`phase2` part of a {@link VendorCapabilities} table. */
export function ociOfferWithout(gaps: OfferGaps = {}): ProposalTables {
  const keep = <T>(all: readonly T[], lacking: readonly T[] | undefined) =>
    all.filter((x) => !(lacking ?? []).includes(x));
  const dhGroups = keep(DH_GROUPS, gaps.dhGroups);
  return {
    phase1: {
      ciphers: keep(PHASE1_CIPHERS, gaps.ciphers),
      integrity: keep(IKE_INTEGRITY, gaps.ikeIntegrity),
      dhGroups,
    },
    phase2: {
      ciphers: keep(PHASE2_CIPHERS, gaps.ciphers),
      integrity: keep(ESP_INTEGRITY, gaps.espIntegrity),
      pfsGroups: dhGroups,
    },
  };
}

/** `offer` with a narrower PFS group list for IKEv1 (Libreswan: MODP only with IKEv1). */
export function withIkev1Pfs(offer: ProposalTables, pfsGroupsIkev1: readonly DhGroup[]): ProposalTables {
  return { ...offer, phase2: { ...offer.phase2, pfsGroupsIkev1 } };
}
