import { CapabilityError, ValidationError } from "../errors.ts";
import type {
  Cipher,
  ConnectionModel,
  DhGroup,
  EspIntegrity,
  IkeIntegrity,
  TunnelModel,
} from "../model/types.ts";
import { type InterfaceRules, interfaceIssues } from "./interfaces.ts";
import {
  type CipherId,
  ESP_INTEGRITY,
  IKE_INTEGRITY,
  PHASE1_CIPHERS,
  PHASE2_CIPHERS,
  type ProposalTables,
} from "./oci-offer.ts";
import { type PskRules, pskAdvice, pskProblems } from "./psk.ts";

export type { CipherId } from "./oci-offer.ts";

/** What a vendor can negotiate and express. Checked against every tunnel before rendering. */
export interface VendorCapabilities {
  ikeVersions: readonly (1 | 2)[];
  routing: readonly TunnelModel["routing"][];
  phase1: ProposalTables["phase1"];
  phase2: ProposalTables["phase2"];
  /** UDP encapsulation (NAT-T) can be used. */
  natT: boolean;
  /** IPv6 inside (BGP) addresses can be configured. */
  ipv6Inside: boolean;
  /** What to do instead, per unsupported routing mode; appended to the capability error. */
  routingAdvice?: Partial<Record<TunnelModel["routing"], string>>;
  /** The pre-shared keys the device's parser takes, and how one must be written (see {@link PskRules}). */
  psk: PskRules;
  /** The device's interface grammar for `site.wanInterface`/`site.lanInterface`; null when they are not used. */
  interfaces: InterfaceRules | null;
  /**
   * The table for one connection, when it depends on a `site` fact (openstack-vpnaas: `site.openstackRelease`).
   * Absent: this table is every connection's. See {@link capabilitiesFor}.
   */
  forSite?: (site: ConnectionModel["site"]) => VendorCapabilities;
  /** Settings this table refuses that a newer device release takes; their advice is added to the refusal. */
  upgrades?: readonly CapabilityUpgrade[];
}

/** A refused setting that a newer release of the device accepts, and how to declare that release. */
export interface CapabilityUpgrade {
  /** Matches the {@link capabilityProblems} messages this release would clear (`phase 2 cipher aes-gcm-…`). */
  clears: RegExp;
  /** Which release is needed and how to set it, e.g. `… set site.openstackRelease to "2026.1" …`. */
  advice: string;
}

/** The table that applies to `model`: the vendor's own, narrowed or widened by the connection's site facts. */
export function capabilitiesFor(caps: VendorCapabilities, model: ConnectionModel): VendorCapabilities {
  return caps.forSite ? caps.forSite(model.site) : caps;
}

/** The release advice for each of the table's upgrades that would clear one of `problems`. */
export function upgradeAdvice(caps: VendorCapabilities, problems: readonly string[]): string[] {
  return (caps.upgrades ?? []).filter((u) => problems.some((p) => u.clears.test(p))).map((u) => u.advice);
}

/** The one way a vendor says "cannot render this": names the tunnel (when one is at fault) in every message. */
export function tunnelError(vendor: string, t: TunnelModel | null, message: string): CapabilityError {
  const where = t ? `tunnel ${t.index} "${t.label}" (${t.id}): ` : "";
  return new CapabilityError(vendor, `${where}${message}`);
}

/**
 * The one refusal for a tunnel value outside the range the device's CLI takes, e.g.
 * `tunnel 1 "…" (…): phase 1 lifetime 100 s is outside the Junos range 180-86400 s.`
 */
export function rangeError(
  vendor: string,
  device: string,
  t: TunnelModel,
  what: string,
  value: number,
  [min, max]: readonly [number, number],
  unit = "",
): CapabilityError {
  const u = unit ? ` ${unit}` : "";
  return tunnelError(vendor, t, `${what} ${value}${u} is outside the ${device} range ${min}-${max}${u}.`);
}

/** A cipher as its short id. */
export function cipherId(c: Cipher): CipherId {
  return `aes-${c.mode}-${c.keyBits}`;
}

const OCI_P1_ENC: Partial<Record<CipherId, string>> = {
  "aes-cbc-256": "AES_256_CBC",
  "aes-cbc-192": "AES_192_CBC",
  "aes-cbc-128": "AES_128_CBC",
};
const OCI_P1_AUTH: Record<IkeIntegrity, string> = { sha384: "SHA2_384", sha256: "SHA2_256", sha1: "SHA1_96" };
const OCI_P2_ENC: Record<CipherId, string> = {
  "aes-gcm-256": "AES_256_GCM",
  "aes-gcm-192": "AES_192_GCM",
  "aes-gcm-128": "AES_128_GCM",
  "aes-cbc-256": "AES_256_CBC",
  "aes-cbc-192": "AES_192_CBC",
  "aes-cbc-128": "AES_128_CBC",
};
const OCI_P2_AUTH: Record<Exclude<EspIntegrity, null>, string> = {
  "hmac-sha256-128": "HMAC_SHA2_256_128",
  "hmac-sha1-96": "HMAC_SHA1_128",
};

/**
 * Oracle's phase 1/2 choices, strongest first (render/oci-offer.ts): suggestions pick the first one the vendor
 * supports. DH groups are preferred in their own order (ECP first, then MODP by strength, the weakest last).
 */
const DH_PREFERENCE: DhGroup[] = [20, 19, 14, 5, 24, 2];

function first<T>(preference: readonly T[], allowed: readonly T[]): T | undefined {
  return preference.find((p) => allowed.includes(p));
}

/** The OCI custom phase settings a vendor supports, strongest first, in the snapshot's (API's) field names. */
export function suggestedPhases(caps: VendorCapabilities, ikeVersion: 1 | 2) {
  const p1c = first(PHASE1_CIPHERS, caps.phase1.ciphers);
  const p1i = first(IKE_INTEGRITY, caps.phase1.integrity);
  const p1g = first(DH_PREFERENCE, caps.phase1.dhGroups);
  const p2c = first(PHASE2_CIPHERS, caps.phase2.ciphers);
  const pfs = first(
    DH_PREFERENCE,
    ikeVersion === 1 ? (caps.phase2.pfsGroupsIkev1 ?? caps.phase2.pfsGroups) : caps.phase2.pfsGroups,
  );
  const p2i = p2c?.startsWith("aes-cbc") ? first(ESP_INTEGRITY, caps.phase2.integrity) : undefined;
  return {
    phaseOneDetails: {
      isCustomPhaseOneConfig: true,
      customEncryptionAlgorithm: p1c ? OCI_P1_ENC[p1c] : undefined,
      customAuthenticationAlgorithm: p1i ? OCI_P1_AUTH[p1i] : undefined,
      customDhGroup: p1g ? `GROUP${p1g}` : undefined,
    },
    phaseTwoDetails: {
      isCustomPhaseTwoConfig: true,
      customEncryptionAlgorithm: p2c ? OCI_P2_ENC[p2c] : undefined,
      customAuthenticationAlgorithm: p2i ? OCI_P2_AUTH[p2i] : null,
      isPfsEnabled: pfs !== undefined,
      dhGroup: pfs ? `GROUP${pfs}` : null,
    },
  };
}

/** The OCI custom phase settings that would work with the vendor, in the Console/API spelling. */
export function suggestOciSettings(caps: VendorCapabilities, ikeVersion: 1 | 2): string {
  const { phaseOneDetails: p1, phaseTwoDetails: p2 } = suggestedPhases(caps, ikeVersion);
  const one = `phase 1 ${p1.customEncryptionAlgorithm ?? "?"} / ${p1.customAuthenticationAlgorithm ?? "?"} / ${p1.customDhGroup ?? "GROUP?"}`;
  const two = `phase 2 ${p2.customEncryptionAlgorithm ?? "?"}${p2.customAuthenticationAlgorithm ? ` / ${p2.customAuthenticationAlgorithm}` : ""} / PFS ${p2.dhGroup ?? "off"}`;
  return `${one}; ${two}`;
}

/** The reasons `tunnel` cannot be rendered for a vendor with `caps`; empty when it can. */
export function capabilityProblems(caps: VendorCapabilities, tunnel: TunnelModel): string[] {
  const problems: string[] = [];
  const { phase1: p1, phase2: p2 } = tunnel;
  if (!caps.ikeVersions.includes(tunnel.ikeVersion))
    problems.push(`IKEv${tunnel.ikeVersion} is not supported`);
  if (!caps.routing.includes(tunnel.routing)) problems.push(`${tunnel.routing} routing is not supported`);
  if (!caps.phase1.ciphers.includes(cipherId(p1.cipher)))
    problems.push(`phase 1 cipher ${cipherId(p1.cipher)} is not supported`);
  if (!caps.phase1.integrity.includes(p1.integrity))
    problems.push(`phase 1 integrity ${p1.integrity} is not supported`);
  if (!caps.phase1.dhGroups.includes(p1.dhGroup))
    problems.push(`phase 1 DH group ${p1.dhGroup} is not supported`);
  if (!caps.phase2.ciphers.includes(cipherId(p2.cipher)))
    problems.push(`phase 2 cipher ${cipherId(p2.cipher)} is not supported`);
  if (p2.integrity && !caps.phase2.integrity.includes(p2.integrity))
    problems.push(`phase 2 integrity ${p2.integrity} is not supported`);
  if (p2.pfsDhGroup !== null) {
    const groups =
      tunnel.ikeVersion === 1 ? (caps.phase2.pfsGroupsIkev1 ?? caps.phase2.pfsGroups) : caps.phase2.pfsGroups;
    if (!groups.includes(p2.pfsDhGroup))
      problems.push(`PFS group ${p2.pfsDhGroup} is not supported with IKEv${tunnel.ikeVersion}`);
  }
  if (tunnel.natT === "ENABLED" && !caps.natT) problems.push("NAT traversal is not supported");
  return problems;
}

/**
 * Checks every tunnel of `model` against `caps`; throws a CapabilityError that names the tunnel, says what does
 * not fit, and gives the OCI custom phase settings to set instead, so no config is produced that would silently
 * fail to negotiate.
 */
export function assertCapable(vendor: string, table: VendorCapabilities, model: ConnectionModel): void {
  const caps = capabilitiesFor(table, model);
  const issues = caps.interfaces ? interfaceIssues(vendor, caps.interfaces, model) : [];
  if (issues.length > 0) throw new ValidationError("SITE_INVALID", `site facts for ${vendor}`, issues);
  for (const t of model.tunnels) {
    const psk = pskProblems(caps.psk, t);
    if (psk.length > 0) throw tunnelError(vendor, t, `${psk.join("; ")}. ${pskAdvice(caps.psk)}`);
  }
  for (const t of model.tunnels) {
    const problems = capabilityProblems(caps, t);
    if (problems.length === 0) continue;
    const settingsProblem = problems.some((p) => p.startsWith("phase") || p.startsWith("PFS"));
    const routing = caps.routing.includes(t.routing) ? undefined : caps.routingAdvice?.[t.routing];
    const upgrades = upgradeAdvice(caps, problems);
    const advice =
      (routing ? ` ${routing}` : "") +
      upgrades.map((u) => ` ${u}`).join("") +
      (settingsProblem
        ? ` ${upgrades.length > 0 ? "Or set" : "Set"} on the OCI tunnel instead: ${suggestOciSettings(caps, t.ikeVersion)}.`
        : "");
    throw tunnelError(vendor, t, `${problems.join("; ")}.${advice}`);
  }
}

/** One row per capability, for `tunnelsmith vendors`. */
export function describeCapabilities(caps: VendorCapabilities): string[] {
  const { psk } = caps;
  return [
    `IKE: ${caps.ikeVersions.map((v) => `v${v}`).join(", ")}; routing: ${caps.routing.join(", ")}; NAT-T: ${caps.natT ? "yes" : "no"}; IPv6 inside: ${caps.ipv6Inside ? "yes" : "no"}`,
    `phase 1: ${caps.phase1.ciphers.join(" ")} | ${caps.phase1.integrity.join(" ")} | DH ${caps.phase1.dhGroups.join(" ")}`,
    `phase 2: ${caps.phase2.ciphers.join(" ")} | ${caps.phase2.integrity.join(" ") || "-"} | PFS ${caps.phase2.pfsGroups.join(" ")}${caps.phase2.pfsGroupsIkev1 ? ` (IKEv1: ${caps.phase2.pfsGroupsIkev1.join(" ")})` : ""}`,
    ...(caps.upgrades ?? []).map((u) => `newer releases: ${u.advice}`),
    `PSK: ${psk.minLength}-${psk.maxLength} characters${psk.spaces ? "" : ", no spaces"}${psk.decodes.length > 0 ? ` (${psk.decodes.join("/")} keys written as 0x hex)` : ""}; interfaces: ${caps.interfaces ? caps.interfaces.examples.join(", ") : "not used"}`,
  ];
}
