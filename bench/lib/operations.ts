import type { RecordedRequest } from "../../test/msw/fake-oci.ts";

/**
 * A request's method and path with every id replaced by a placeholder, e.g.
 * `GET /ipsecConnections/{id}/tunnels` or `PUT /n/{ns}/b/{bucket}/o/{connection}/state.json`.
 */
export function normalisedPath(r: Pick<RecordedRequest, "method" | "path">): string {
  const path = r.path
    .replace(/^\/n\/[^/]+/, "/n/{ns}")
    .replace(/^(\/n\/\{ns\}\/b)\/[^/]+/, "$1/{bucket}")
    .replace(/\/o\/connections\/[^/]+\/state\.json$/, "/o/{connection}/state.json")
    .replace(/\/o\/tunnelsmith\/([a-z-]+)\/.+\.json$/, "/o/tunnelsmith/$1/{name}.json")
    .replace(/\/o\/connections\/.+$/, "/o/{file}")
    .replace(/\/p\/[^/]+$/, "/p/{par}")
    .replace(/ocid1\.[^/]+/g, "{id}");
  return `${r.method} ${path}`;
}

/** OCI operation names by normalised request, so tables read like the API reference. */
const OPERATIONS: Record<string, string> = {
  "GET /n": "GetNamespace",
  "GET /n/{ns}/b/{bucket}": "GetBucket",
  "GET /n/{ns}/b/{bucket}/o": "ListObjects",
  "GET /n/{ns}/b/{bucket}/o/{connection}/state.json": "GetObject state.json",
  "PUT /n/{ns}/b/{bucket}/o/{connection}/state.json": "PutObject state.json",
  "DELETE /n/{ns}/b/{bucket}/o/{connection}/state.json": "DeleteObject state.json",
  "GET /n/{ns}/b/{bucket}/o/tunnelsmith/sweep-cursor/{name}.json": "GetObject sweep cursor",
  "PUT /n/{ns}/b/{bucket}/o/tunnelsmith/sweep-cursor/{name}.json": "PutObject sweep cursor",
  "HEAD /n/{ns}/b/{bucket}/o/{file}": "HeadObject file",
  "GET /n/{ns}/b/{bucket}/o/{file}": "GetObject file",
  "PUT /n/{ns}/b/{bucket}/o/{file}": "PutObject file",
  "DELETE /n/{ns}/b/{bucket}/o/{file}": "DeleteObject file",
  "POST /n/{ns}/b/{bucket}/p": "CreatePreauthenticatedRequest",
  "GET /n/{ns}/b/{bucket}/p": "ListPreauthenticatedRequests",
  "DELETE /n/{ns}/b/{bucket}/p/{par}": "DeletePreauthenticatedRequest",
  "GET /ipsecConnections": "ListIPSecConnections",
  "GET /ipsecConnections/{id}": "GetIPSecConnection",
  "GET /ipsecConnections/{id}/tunnels": "ListIPSecConnectionTunnels",
  "GET /ipsecConnections/{id}/tunnels/{id}": "GetIPSecConnectionTunnel",
  "PUT /ipsecConnections/{id}/tunnels/{id}": "UpdateIPSecConnectionTunnel",
  "GET /ipsecConnections/{id}/tunnels/{id}/sharedSecret": "GetIPSecConnectionTunnelSharedSecret",
  "PUT /ipsecConnections/{id}/tunnels/{id}/sharedSecret": "UpdateIPSecConnectionTunnelSharedSecret",
  "GET /ipsecConnections/{id}/cpeConfigContent": "GetIpsecCpeDeviceConfigContent",
  "GET /cpes/{id}": "GetCpe",
  "GET /cpeDeviceShapes/{id}": "GetCpeDeviceShape",
  "GET /drgs/{id}": "GetDrg",
  "GET /drgAttachments": "ListDrgAttachments",
  "GET /vcns/{id}": "GetVcn",
  "POST /topics/{id}/messages": "PublishMessage",
};

/** The OCI operation a request was (its normalised method and path when unknown). */
export function operationOf(r: Pick<RecordedRequest, "method" | "path">): string {
  const key = normalisedPath(r);
  return OPERATIONS[key] ?? key;
}

/** Requests counted by operation, sorted by name. */
export function countOperations(requests: readonly Pick<RecordedRequest, "method" | "path">[]) {
  const counts: Record<string, number> = {};
  for (const r of requests) {
    const op = operationOf(r);
    counts[op] = (counts[op] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}
