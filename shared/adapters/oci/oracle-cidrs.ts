import type * as common from "oci-common";
import * as core from "oci-core";
import type { Logger } from "../../logger.ts";
import { isNotFound, sdkError, statusOf } from "./errors.ts";
import { listAll } from "./paging.ts";

const SERVICE = "OCI networking";

/**
 * The Oracle-side CIDRs a STATIC connection routes to: every CIDR of every VCN attached to the connection's DRG.
 * Attachments are listed in the DRG's compartment and the connection's (where they usually live). Returns null
 * when the function may not read them (404/401/403: OCI answers "not authorized or not found" alike), so the
 * caller can fall back to configuration.
 */
export async function discoverOracleCidrs(
  client: core.VirtualNetworkClient,
  connection: { drgId: string; compartmentId: string },
  retry: common.RetryConfiguration,
  logger: Logger,
): Promise<string[] | null> {
  try {
    const drg = await client.getDrg({ drgId: connection.drgId, retryConfiguration: retry });
    const compartments = [...new Set([drg.drg.compartmentId, connection.compartmentId])];
    const vcnIds = new Set<string>();
    for (const compartmentId of compartments) {
      const attachments = await listAll((page) =>
        client.listDrgAttachments({
          compartmentId,
          drgId: connection.drgId,
          attachmentType: core.requests.ListDrgAttachmentsRequest.AttachmentType.Vcn,
          page,
          retryConfiguration: retry,
        }),
      );
      for (const a of attachments) {
        if (a.lifecycleState !== core.models.DrgAttachment.LifecycleState.Attached) continue;
        const id = a.networkDetails?.type === "VCN" ? a.networkDetails.id : a.vcnId;
        if (id) vcnIds.add(id);
      }
    }
    const cidrs = new Set<string>();
    for (const vcnId of vcnIds) {
      const { vcn } = await client.getVcn({ vcnId, retryConfiguration: retry });
      for (const cidr of vcn.cidrBlocks?.length ? vcn.cidrBlocks : [vcn.cidrBlock]) if (cidr) cidrs.add(cidr);
    }
    return [...cidrs].sort();
  } catch (error) {
    const status = statusOf(error);
    if (isNotFound(error) || status === 401 || status === 403) {
      logger.warn(
        "cannot read the DRG's VCN attachments; set TUNNELSMITH_ORACLE_CIDRS or the tunnelsmith-oracle-cidrs tag",
        {
          status,
        },
      );
      return null;
    }
    throw sdkError(SERVICE, "discovering Oracle CIDRs through the DRG", error);
  }
}
