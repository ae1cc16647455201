import type * as common from "oci-common";
import * as objectstorage from "oci-objectstorage";
import type { AgentStore } from "../../bundle/agent-store.ts";
import { connectionPrefix, objectNameFor, stateObjectName } from "../../core/object-names.ts";
import { ConflictError } from "../../errors.ts";
import type { ConfigStore, ConnectionState, DownloadLink, FileMetadata, StoredFile } from "../../ports.ts";
import type { RenderedFile } from "../../render/types.ts";
import type { BucketLocation } from "./bucket.ts";
import { call, callCreate, isConflict, isNotFound, sdkError } from "./errors.ts";
import { listAll } from "./paging.ts";
import { forCreate } from "./retry.ts";
import { bodyText } from "./streams.ts";
import { readVersionedJson, writeVersionedJson } from "./versioned-json.ts";

const SERVICE = "OCI Object Storage";

/** `opc-meta-*` keys stored with every file (`opc-meta-content-sha256`, `opc-meta-psk-fingerprint`). */
export const META_CONTENT_HASH = "content-sha256";
export const META_PSK_FINGERPRINT = "psk-fingerprint";

export interface OciConfigStoreOptions {
  client: objectstorage.ObjectStorageClient;
  retry: common.RetryConfiguration;
  /** Namespace and bucket for reads. */
  location: () => Promise<BucketLocation>;
  /** Namespace and bucket for writes, after the public-access check. */
  writable: () => Promise<BucketLocation>;
  /** Vault key for server-side encryption of every object, or null for the bucket's own. */
  kmsKeyId: string | null;
  /** `https://objectstorage.<region>.<realm domain>`: prepended to a PAR's accessUri. */
  linkOrigin: string;
}

/**
 * Object Storage as the config store: `connections/<ocid>/<vendor>/<file>` objects with their content hash and
 * PSK fingerprint as `opc-meta`, one read-only PAR per object, and `state.json` written with If-Match /
 * If-None-Match (409/412 become a ConflictError). Deletes and revocations of things already gone succeed.
 */
export function createOciConfigStore(options: OciConfigStoreOptions): ConfigStore & AgentStore {
  const { client, retry, location, writable, kmsKeyId, linkOrigin } = options;
  const sse = kmsKeyId ? { opcSseKmsKeyId: kmsKeyId } : {};
  const createRetry = forCreate(retry);
  const stateDoc = (connectionId: string) => ({
    client,
    retry,
    objectName: stateObjectName(connectionId),
    label: "state.json",
    conflict: `state.json of ${connectionId} changed since it was read`,
  });
  /**
   * Creates one PAR. Never retried blindly: a 5xx may follow a link already made (OutcomeUnknownError; the core
   * reconciles by listing). The name carries the expiry, so a listing shows which link is which.
   */
  const createPar = async (
    details: { name: string; objectName: string; bucketListingAction?: string },
    accessType: objectstorage.models.CreatePreauthenticatedRequestDetails.AccessType,
    expiresAt: Date,
  ) => {
    const where = await writable();
    const res = await callCreate(
      SERVICE,
      "CreatePreauthenticatedRequest",
      () =>
        client.createPreauthenticatedRequest({
          ...where,
          createPreauthenticatedRequestDetails: {
            ...details,
            name: `${details.name} ${expiresAt.toISOString()}`,
            accessType,
            timeExpires: expiresAt,
          },
          retryConfiguration: createRetry,
        }),
      details.objectName,
    );
    return res.preauthenticatedRequest;
  };

  return {
    async putFile(connectionId: string, file: RenderedFile, meta: FileMetadata): Promise<StoredFile> {
      const where = await writable();
      const objectName = objectNameFor(connectionId, file.vendor, file.name);
      const opcMeta: Record<string, string> = { [META_CONTENT_HASH]: meta.contentHash };
      if (meta.pskFingerprint) opcMeta[META_PSK_FINGERPRINT] = meta.pskFingerprint;
      await call(SERVICE, `PutObject ${objectName}`, () =>
        client.putObject({
          ...where,
          objectName,
          putObjectBody: file.content,
          contentLength: Buffer.byteLength(file.content, "utf8"),
          contentType: "text/plain; charset=utf-8",
          opcMeta,
          ...sse,
          retryConfiguration: retry,
        }),
      );
      return { vendor: file.vendor, name: file.name, objectName, secret: file.secret, ...meta };
    },

    async createLink(file: StoredFile, expiresAt: Date): Promise<DownloadLink> {
      const { AccessType } = objectstorage.models.CreatePreauthenticatedRequestDetails;
      const par = await createPar(
        { name: `tunnelsmith ${file.vendor}/${file.name}`, objectName: file.objectName },
        AccessType.ObjectRead,
        expiresAt,
      );
      return { id: par.id, url: `${linkOrigin}${par.accessUri}`, expiresAt };
    },

    async createAgentLink(
      kind: "read" | "status",
      objectName: string,
      expiresAt: Date,
    ): Promise<DownloadLink> {
      const { AccessType } = objectstorage.models.CreatePreauthenticatedRequestDetails;
      // read: every object under the vendor folder (a prefix), no listing; status: that one object.
      const par = await createPar(
        {
          name: `tunnelsmith agent ${kind}`,
          objectName,
          ...(kind === "read" ? { bucketListingAction: "Deny" } : {}),
        },
        kind === "read" ? AccessType.AnyObjectRead : AccessType.ObjectWrite,
        expiresAt,
      );
      return { id: par.id, url: `${linkOrigin}${agentLinkPath(kind, par.accessUri, objectName)}`, expiresAt };
    },

    async readAgentStatus(objectName: string): Promise<string | null> {
      const where = await location();
      try {
        const res = await client.getObject({ ...where, objectName, retryConfiguration: retry });
        return await bodyText(res.value);
      } catch (error) {
        if (isNotFound(error)) return null;
        throw sdkError(SERVICE, "GetObject status.json", error);
      }
    },

    async revokeLink(linkId: string): Promise<void> {
      const where = await location();
      try {
        await client.deletePreauthenticatedRequest({ ...where, parId: linkId, retryConfiguration: retry });
      } catch (error) {
        if (!isNotFound(error)) throw sdkError(SERVICE, "DeletePreauthenticatedRequest", error);
      }
    },

    async listLinks(connectionId: string) {
      const where = await location();
      const pars = await call(SERVICE, "ListPreauthenticatedRequests", () =>
        listAll((page) =>
          client.listPreauthenticatedRequests({
            ...where,
            objectNamePrefix: connectionPrefix(connectionId),
            page,
            retryConfiguration: retry,
          }),
        ),
      );
      return pars.map((p) => ({ id: p.id, objectName: p.objectName ?? "" }));
    },

    async listFiles(connectionId: string): Promise<string[]> {
      const where = await location();
      const state = stateObjectName(connectionId);
      const objects = await call(SERVICE, "ListObjects", () =>
        listAll(async (start) => {
          const res = await client.listObjects({
            ...where,
            prefix: connectionPrefix(connectionId),
            start,
            retryConfiguration: retry,
          });
          // Object Storage pages by name: the next page starts with `nextStartWith`.
          return { items: res.listObjects.objects, opcNextPage: res.listObjects.nextStartWith };
        }),
      );
      return objects.map((o) => o.name).filter((name) => name !== state);
    },

    async deleteFile(objectName: string): Promise<void> {
      const where = await location();
      try {
        await client.deleteObject({ ...where, objectName, retryConfiguration: retry });
      } catch (error) {
        if (!isNotFound(error)) throw sdkError(SERVICE, `DeleteObject ${objectName}`, error);
      }
    },

    async getState(connectionId: string) {
      const read = await readVersionedJson(stateDoc(connectionId), await location());
      return read && { state: read.value, etag: read.etag };
    },

    async putState(connectionId: string, state: ConnectionState, ifMatch: string | null): Promise<string> {
      const body = `${JSON.stringify(state, null, 2)}\n`;
      return writeVersionedJson(stateDoc(connectionId), await writable(), body, ifMatch, kmsKeyId);
    },

    async deleteState(connectionId: string, ifMatch: string): Promise<void> {
      const where = await location();
      try {
        await client.deleteObject({
          ...where,
          objectName: stateObjectName(connectionId),
          ifMatch,
          retryConfiguration: retry,
        });
      } catch (error) {
        if (isNotFound(error)) return;
        if (isConflict(error))
          throw new ConflictError(`state.json of ${connectionId} changed since it was read`);
        throw sdkError(SERVICE, "DeleteObject state.json", error);
      }
    },
  };
}

/**
 * The path of an agent link. A prefix PAR's accessUri ends in `/o/` (objects are addressed by their full name
 * after it); whether OCI already appends the prefix is not confirmed, so either form gives `<…>/o/<prefix>`, and
 * the agent fetches `<url><file>`. A one-object PAR's accessUri names its object.
 */
export function agentLinkPath(kind: "read" | "status", accessUri: string, objectName: string): string {
  if (kind === "status") return accessUri;
  if (accessUri.endsWith(objectName) || accessUri.endsWith(encodeURIComponent(objectName))) return accessUri;
  return `${accessUri.endsWith("/") ? accessUri : `${accessUri}/`}${objectName}`;
}
