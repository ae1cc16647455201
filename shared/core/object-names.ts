/**
 * The object layout, shared by every store: `connections/<ipsec OCID>/<vendor>/<file>` for rendered files and
 * `connections/<ipsec OCID>/state.json` for the bookkeeping. Documented in docs/oci.md.
 */
export function connectionPrefix(connectionId: string): string {
  return `connections/${connectionId}/`;
}

/** Object name of one rendered file. */
export function objectNameFor(connectionId: string, vendor: string, name: string): string {
  return `${connectionPrefix(connectionId)}${vendor}/${name}`;
}

/** Object name of the connection's `state.json`. */
export function stateObjectName(connectionId: string): string {
  return `${connectionPrefix(connectionId)}state.json`;
}
