import type { ConfigStore, DownloadLink } from "../ports.ts";

/**
 * What the CPE agent needs from the store beyond {@link ConfigStore} (issue 20.3). Both links are found again
 * by ConfigStore.listLinks (their object names are under the connection's prefix) and revoked by revokeLink, so
 * convergence and deletion treat them like every other link.
 */
export interface AgentStore {
  /**
   * `read`: a link to every object under `objectName` (a prefix ending in `/`, the vendor folder), listing
   * denied; its URL ends with that prefix, so `<url><file>` is one file (OCI: AnyObjectRead). `status`: a link
   * that may only write the one object `objectName` (OCI: ObjectWrite). Local stores return folder/file paths.
   */
  createAgentLink(kind: "read" | "status", objectName: string, expiresAt: Date): Promise<DownloadLink>;
  /** The text of a status object, or null when the agent has not written one. */
  readAgentStatus(objectName: string): Promise<string | null>;
}

/** The store's agent side, or null for a store without one (test doubles, older adapters): no agent links then. */
export function agentStoreOf(store: ConfigStore): AgentStore | null {
  const s = store as ConfigStore & Partial<AgentStore>;
  return typeof s.createAgentLink === "function" && typeof s.readAgentStatus === "function"
    ? (s as ConfigStore & AgentStore)
    : null;
}
