import type { RenderedFile } from "../render/types.ts";

/**
 * The `oci-helper` vendor: Oracle's own CPE configuration (the Console's "CPE configuration helper",
 * `GetIpsecCpeDeviceConfigContent`) stored next to tunnelsmith's files, so every device OCI has a shape for
 * (Cisco, Juniper, Fortinet, Palo Alto, Check Point, Yamaha, NEC, Furukawa, WatchGuard, …) is covered.
 *
 * It is not a template renderer: its content is produced by OCI from the connection and the answers given to the
 * helper's questions, so the network reader fetches it and the core stores it as one more file. Keeping it out of
 * the renderer registry keeps renderers pure (model in, files out, no I/O) and the model free of provider text.
 */
export const ORACLE_HELPER_VENDOR = "oci-helper";

export const ORACLE_HELPER_FILE = "oci-cpe-config.txt";

/** Wraps OCI's text as a stored file. It contains the PSKs, so it is secret. */
export function oracleHelperFile(content: string): RenderedFile {
  return {
    vendor: ORACLE_HELPER_VENDOR,
    name: ORACLE_HELPER_FILE,
    content,
    secret: true,
    installHint:
      "Oracle's CPE configuration helper output for the CPE's device shape: apply per your vendor's guide",
  };
}

/**
 * Whether to fetch Oracle's configuration: when the connection's vendors name `oci-helper`, or (in `auto` mode)
 * whenever the CPE has a device shape, since then OCI can render it.
 */
export function wantsOracleHelper(
  vendors: readonly string[],
  mode: "auto" | "off",
  hasDeviceShape: boolean,
): boolean {
  if (vendors.includes(ORACLE_HELPER_VENDOR)) return true;
  return mode === "auto" && hasDeviceShape;
}

/** Splits a vendor list into the template renderers' ids and whether Oracle's own configuration is wanted. */
export function splitVendors(vendors: readonly string[]): { templated: string[]; oracleHelper: boolean } {
  return {
    templated: vendors.filter((v) => v !== ORACLE_HELPER_VENDOR),
    oracleHelper: vendors.includes(ORACLE_HELPER_VENDOR),
  };
}
