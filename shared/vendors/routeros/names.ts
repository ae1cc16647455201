/**
 * Short, stable identifiers derived from a connection OCID, used in generated object names and tags on CPEs
 * that keep their own object tables (RouterOS, OpenStack). Built only from `[a-z0-9]`, so they are safe
 * unquoted and inside regular expressions; 12 characters of the OCID's random part keep connections apart.
 */
export function ocidSuffix(ocid: string): string {
  const unique = (ocid.split(".").pop() ?? "").replace(/[^a-z0-9]/g, "");
  return unique.slice(-12) || "conn";
}
