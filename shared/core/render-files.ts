import type { ConnectionModel } from "../model/types.ts";
import type { Dependencies, FileRecord, TunnelRecord } from "../ports.ts";
import { renderEach, type VendorRefusal } from "../render/partial.ts";
import type { RenderedFile } from "../render/types.ts";
import type { Snapshot } from "../snapshot/schema.ts";
import { pskFingerprint, sha256 } from "./fingerprint.ts";
import type { LinkedFile } from "./notification.ts";
import { objectNameFor } from "./object-names.ts";
import { ORACLE_HELPER_VENDOR, oracleHelperFile, wantsOracleHelper } from "./oracle-helper.ts";
import type { PlannedFile } from "./plan.ts";

/**
 * Every selected vendor's files, plus Oracle's own configuration when wanted and available. A vendor that cannot
 * render is refused on its own (the others are still stored and linked); when none can, the first refusal is
 * thrown as before.
 */
export async function renderFiles(
  snapshot: Snapshot,
  model: ConnectionModel,
  deps: Dependencies,
): Promise<{ files: RenderedFile[]; refused: VendorRefusal[] }> {
  const vendors = snapshot.site.vendors ?? deps.settings.defaultVendors;
  const templated = vendors.filter((v) => v !== ORACLE_HELPER_VENDOR);
  const { rendered: files, refused } = renderEach(model, templated);
  const [firstRefusal] = refused;
  if (files.length === 0 && firstRefusal) throw firstRefusal.error;
  if (refused.length > 0) {
    deps.logger.warn("some vendors not rendered", { refused: refused.map((r) => r.vendor) });
  }
  if (wantsOracleHelper(vendors, deps.settings.oracleHelper, Boolean(snapshot.cpe.cpeDeviceShapeId))) {
    const content = await deps.network.readOracleCpeConfig(snapshot.ipsecConnection.id);
    if (content) files.push(oracleHelperFile(content));
    else if (vendors.includes(ORACLE_HELPER_VENDOR)) {
      deps.logger.warn(
        "oci-helper was requested but OCI has no CPE configuration for this connection (set a device shape on the CPE)",
      );
    }
  }
  return { files, refused };
}

/** Each rendered file with its object name and the metadata it is stored with. */
export function plannedFiles(
  connectionId: string,
  files: readonly RenderedFile[],
  snapshot: Snapshot,
  fingerprintKey: string | null,
): PlannedFile[] {
  const fingerprint = fingerprintKey ? pskFingerprint(fingerprintKey, snapshot.sharedSecrets) : null;
  return files.map((file) => ({
    file,
    objectName: objectNameFor(connectionId, file.vendor, file.name),
    meta: { contentHash: sha256(file.content), pskFingerprint: file.secret ? fingerprint : null },
  }));
}

/** A stored, linked file as `state.json` records it. */
export function toRecord(l: LinkedFile): FileRecord {
  return {
    vendor: l.file.vendor,
    name: l.file.name,
    objectName: l.stored.objectName,
    contentHash: l.stored.contentHash,
    pskFingerprint: l.stored.pskFingerprint,
    linkId: l.link.id,
    linkExpiresAt: l.link.expiresAt.toISOString(),
  };
}

/** The tunnels as read, for alerting and drift (no secrets). */
export function tunnelRecords(snapshot: Snapshot): TunnelRecord[] {
  return snapshot.tunnels.map((t) => ({
    id: t.id,
    oracleIp: t.vpnIp,
    status: t.status ?? null,
    lifecycleState: t.lifecycleState ?? null,
    bgpState: t.bgpSessionInfo?.bgpState ?? null,
  }));
}
