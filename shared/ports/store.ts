import type { RenderedFile } from "../render/types.ts";
import type { ConnectionState } from "./state.ts";

/** Metadata stored with a file, so later runs can compare without reading contents. */
export interface FileMetadata {
  /** SHA-256 of the content, hex. */
  contentHash: string;
  /** Keyed hash (HMAC) of the PSKs the file carries, or null when it carries none. Never the PSK itself. */
  pskFingerprint: string | null;
}

/** A file stored for a connection. */
export interface StoredFile extends FileMetadata {
  vendor: string;
  name: string;
  /** Object name in the store, e.g. `connections/<ocid>/libreswan/oci-ipsec.conf`. */
  objectName: string;
  secret: boolean;
}

/** A time-limited download link for one stored file. */
export interface DownloadLink {
  /** Link id (a PAR id in OCI); used to revoke it. Not a credential. */
  id: string;
  /** The URL. For OCI it embeds a bearer token: never log it. */
  url: string;
  expiresAt: Date;
}

/** A state document with the version token to write it back with (If-Match). */
export interface VersionedState {
  state: ConnectionState;
  etag: string;
}

/** Stores rendered files and hands out links to them. */
export interface ConfigStore {
  putFile(connectionId: string, file: RenderedFile, meta: FileMetadata): Promise<StoredFile>;
  createLink(file: StoredFile, expiresAt: Date): Promise<DownloadLink>;
  /** Revokes a link; revoking one that no longer exists is not an error. */
  revokeLink(linkId: string): Promise<void>;
  /** Links that point into the connection's folder (found by listing, so nothing is missed if state is lost). */
  listLinks(connectionId: string): Promise<{ id: string; objectName: string }[]>;
  /** Object names stored for the connection, excluding `state.json`. */
  listFiles(connectionId: string): Promise<string[]>;
  /** Deletes one object; deleting one that does not exist is not an error. */
  deleteFile(objectName: string): Promise<void>;
  /** The state, or null when none exists. `state` is the raw JSON value: the core validates it. */
  getState(connectionId: string): Promise<{ state: unknown; etag: string } | null>;
  /**
   * Writes the state only if it is still at `ifMatch` (null: only if none exists); throws a ConflictError
   * otherwise, so two invocations for one connection cannot lose an update. Returns the new version token.
   */
  putState(connectionId: string, state: ConnectionState, ifMatch: string | null): Promise<string>;
  /** Deletes the state if it is still at `ifMatch`; ConflictError otherwise. */
  deleteState(connectionId: string, ifMatch: string): Promise<void>;
}
