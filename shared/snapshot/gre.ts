import { z } from "zod";
import { insideAddress, ipv4, linuxInterfaceName, networkCidr } from "./fields.ts";

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

/** What every GRE packet adds to the inner packet, in wire order (RFC 2784 header, RFC 2890 key). */
export const GRE_OVERHEAD = [
  { name: "outer IPv4 header", bytes: 20 },
  { name: "GRE header", bytes: 4 },
  { name: "GRE key", bytes: 4 },
] as const;
/** The sum of {@link GRE_OVERHEAD}. */
export const GRE_OVERHEAD_BYTES = GRE_OVERHEAD.reduce((sum, o) => sum + o.bytes, 0);

/** The `site.gre` block of a snapshot. */
export type GreFacts = z.infer<typeof greSchema>;
