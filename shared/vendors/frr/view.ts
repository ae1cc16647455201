import { sharedCustomerAsn } from "../../model/bgp.ts";
import type { ConnectionModel } from "../../model/types.ts";
import { renderTemplate } from "../../render/templates.ts";
import type { RenderedFile } from "../../render/types.ts";

/**
 * `frr.conf` for a Linux CPE whose BGP tunnels end on tunnel interfaces: one eBGP neighbour per BGP tunnel with
 * the Oracle ASN from the API, only `bgpAdvertise` announced (exact prefix-list match), and a default route
 * refused in both directions so the CPE never steals or leaks Internet traffic. Route-maps in and out also
 * satisfy FRR 8's `ebgp-requires-policy`.
 */
export function frrFile(vendor: string, m: ConnectionModel): RenderedFile | null {
  const bgp = m.tunnels.filter((t) => t.bgp !== null);
  if (bgp.length === 0) return null;
  sharedCustomerAsn(m, vendor, "one FRR router");
  const sessions = bgp.flatMap((t) => (t.bgp ? [{ t, b: t.bgp }] : []));
  const first = sessions[0];
  if (!first) return null;
  const content = renderTemplate("frr", "frr.conf", {
    connectionLabel: m.label,
    connectionId: m.id,
    cpeLabel: m.cpe.label,
    customerAsn: first.b.customerAsn,
    routerId: first.b.customerIp,
    neighbors: sessions.map(({ t, b }) => ({
      ip: b.oracleIp,
      asn: b.oracleAsn,
      description: `OCI ${t.label}`.slice(0, 80),
      iface: t.iface.name,
    })),
    networks: m.site.bgpAdvertise.map((cidr, i) => ({ cidr, seq: (i + 1) * 10 })),
    staticRoutes: m.site.lanGateway
      ? m.site.bgpAdvertise.map((cidr) => ({ cidr, gateway: m.site.lanGateway }))
      : [],
  });
  return {
    vendor,
    name: "frr.conf",
    content,
    secret: false,
    installHint: "/etc/frr/frr.conf (set bgpd=yes in /etc/frr/daemons), then: systemctl restart frr",
  };
}
