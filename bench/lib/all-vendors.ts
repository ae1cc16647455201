import { cbcGroup14Phases } from "../../test/helpers/variants.ts";
import type { Json } from "../../test/msw/fake-oci.ts";

/**
 * The render benchmark's "one connection for every vendor": the IKEv2 STATIC sample with phase settings every
 * renderer supports (AES-256-CBC, SHA2-256, DH group 14, PFS group 14), and the site facts each vendor insists
 * on (its own interface names; a GRE underlay for linux-gre). Returns the snapshot for one vendor.
 */
export function allVendorsSnapshot(base: Json, vendor: string): Json {
  const raw = structuredClone(base);
  for (const t of raw.tunnels as Json[]) t.ikeVersion = "V2";
  cbcGroup14Phases(raw);
  const site: Json = { wanMtu: 1454, vendors: [vendor], ...(SITE[vendor] ?? {}) };
  raw.site = site;
  return raw;
}

const SITE: Record<string, Json> = {
  fortigate: { wanInterface: "wan1", lanInterface: "internal" },
  "nec-ix": { wanInterface: "GigaEthernet0.0", lanInterface: "GigaEthernet1.0" },
  "linux-gre": {
    gre: {
      localIp: "10.10.0.1",
      remoteIp: "10.20.0.1",
      key: 42,
      insideAddress: "10.255.0.1/30",
      remoteNetworks: ["10.0.2.0/24"],
    },
  },
};
