import type { ConnectionModel } from "../../model/types.ts";

/**
 * `""` for the first connection on a CPE (slot 0), `-slot<N>` for later ones. Appended to file, unit, nftables
 * table and conn names so that the files of several connections can be installed side by side on one Linux CPE,
 * while the common single-connection case keeps the names Oracle's guides and the field notes use.
 */
export function slotSuffix(m: ConnectionModel): string {
  return m.site.slot === 0 ? "" : `-slot${m.site.slot}`;
}

/** Names of the per-connection Linux host files, shared by every Linux IKE daemon's renderer. */
export function hostNames(m: ConnectionModel) {
  const s = slotSuffix(m);
  return {
    routesScript: `oci-vpn-routes${s}.sh`,
    routesUnit: `oci-vpn-routes${s}.service`,
    updownScript: `oci-vpn-updown${s}.sh`,
    mssFile: `oci-vpn-mss${s}.nft`,
    /** nftables table names take letters, digits and underscores. */
    mssTable: `tunnelsmith_mss${s.replace("-", "_")}`,
    /** Folder under /run/tunnelsmith recording which tunnels have an SA. */
    stateName: `oci-vpn${s}`,
  };
}
