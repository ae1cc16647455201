import { buildModels } from "../../shared/model/build.ts";
import type { ConnectionModel } from "../../shared/model/types.ts";
import { parseSnapshot } from "../../shared/snapshot/parse.ts";
import type { Json } from "./json.ts";
import { rawSnapshot } from "./samples.ts";

/** A sample snapshot with edits applied, validated and built into a model. */
export function modelFrom(base: string, edit: (s: Json) => void = () => {}): ConnectionModel {
  const raw = rawSnapshot(base) as Json;
  edit(raw);
  const [model] = buildModels([parseSnapshot(raw, `${base} (edited)`)]);
  if (!model) throw new Error("no model");
  return model;
}

/** Sets both tunnels' IKE version. */
export function ikeVersion(version: "V1" | "V2") {
  return (s: Json) => {
    for (const t of s.tunnels) t.ikeVersion = version;
  };
}

/** Removes the 1:1 NAT (the CPE's local address becomes its public address). */
export function noNat(s: Json): void {
  delete s.site.localIp;
}

/** Applies several edits in order. */
export function all(...edits: ((s: Json) => void)[]) {
  return (s: Json) => {
    for (const e of edits) e(s);
  };
}

/**
 * Routing mode × IKE version × NAT variants of the shipped samples, shared by the golden tests and the daemon
 * syntax tests so both check the same outputs.
 */
export const ROUTE_VARIANTS = {
  "static-ikev1-nat": () => modelFrom("static-ikev1"),
  "static-ikev2-direct": () => modelFrom("static-ikev1", all(ikeVersion("V2"), noNat)),
  "static-ikev2-custom-pppoe": () => modelFrom("ikev2-static-custom"),
  "bgp-ikev1-nat": () => modelFrom("bgp-ikev1"),
  "bgp-ikev2-direct": () => modelFrom("bgp-ikev1", all(ikeVersion("V2"), noNat)),
  "policy-ikev2": () => modelFrom("policy-ikev2"),
  "policy-ikev1": () => modelFrom("policy-ikev2", ikeVersion("V1")),
} satisfies Record<string, () => ConnectionModel>;

/**
 * Custom phase settings every vendor supports — phase 1 AES-256-CBC / SHA2-256 / group 14, phase 2 AES-256-CBC /
 * HMAC-SHA2-256-128 / PFS group 14 — so the fussier vendors (Yamaha RTX, NEC IX, Cisco 17.11+) render too.
 */
export function cbcGroup14Phases(s: Json): void {
  for (const t of s.tunnels) {
    t.phaseOneDetails = {
      isCustomPhaseOneConfig: true,
      lifetime: 28800,
      customEncryptionAlgorithm: "AES_256_CBC",
      customAuthenticationAlgorithm: "SHA2_256",
      customDhGroup: "GROUP14",
    };
    t.phaseTwoDetails = {
      isCustomPhaseTwoConfig: true,
      lifetime: 3600,
      customEncryptionAlgorithm: "AES_256_CBC",
      customAuthenticationAlgorithm: "HMAC_SHA2_256_128",
      isPfsEnabled: true,
      dhGroup: "GROUP14",
    };
  }
}

/**
 * The shipped samples name Linux interfaces (`ens3`, `pppoe-out1`); a router's tests rename a set one to the
 * router's own spelling, as a user of that router would, so the interface grammar in its capability table passes.
 */
const NATIVE_INTERFACES: Record<string, { wan: string; lan: string }> = {
  "juniper-srx": { wan: "ge-0/0/0.0", lan: "ge-0/0/1.0" },
  paloalto: { wan: "ethernet1/1", lan: "ethernet1/2" },
  "cisco-iosxe": { wan: "GigabitEthernet1", lan: "GigabitEthernet2" },
  vyos: { wan: "eth0", lan: "eth1" },
  "yamaha-rtx": { wan: "lan2", lan: "lan1" },
  "nec-ix": { wan: "GigaEthernet0.0", lan: "GigaEthernet1.0" },
  fortigate: { wan: "wan1", lan: "internal" },
  routeros: { wan: "ether1", lan: "bridge" },
};

/** Renames the sample's `site.wanInterface`/`lanInterface`, where set, to `vendor`'s spelling. */
export function nativeInterfaces(vendor: string) {
  return (s: Json) => {
    const native = NATIVE_INTERFACES[vendor];
    if (!native) return;
    if (s.site.wanInterface !== undefined) s.site.wanInterface = native.wan;
    if (s.site.lanInterface !== undefined) s.site.lanInterface = native.lan;
  };
}
