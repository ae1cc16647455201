import { lstat } from "node:fs/promises";
import { dirname } from "node:path";
import { createCliNetworkReader } from "../../shared/adapters/oci/cli-reader.ts";
import { oracleHelperFile, splitVendors } from "../../shared/core/oracle-helper.ts";
import { NotFoundError, TunnelsmithError } from "../../shared/errors.ts";
import { buildModel } from "../../shared/model/build.ts";
import { allocateSlots, type SlotCandidate } from "../../shared/model/slots.ts";
import type { NetworkReader } from "../../shared/ports.ts";
import { renderConnection } from "../../shared/render/registry.ts";
import type { RenderedFile } from "../../shared/render/types.ts";
import { ocid } from "../../shared/snapshot/fields.ts";
import type { Snapshot } from "../../shared/snapshot/schema.ts";
import type { CliIo } from "../io.ts";
import { createCliLogger } from "../log.ts";
import { ensureFolder, writeFileSafely } from "../out-dir.ts";
import { UsageError } from "../usage.ts";

/**
 * The CLI against OCI, with the OCI config file (`OCI_CONFIG_FILE`, `OCI_CLI_PROFILE`): an engineer can fetch a
 * snapshot or render a connection from a laptop without deploying anything. The same network reader as the
 * function, so the result is what the function would render.
 */

/** A connection read from OCI, with the connections sharing its CPE (for interface allocation). */
interface OciRead {
  snapshot: Snapshot;
  siblings: SlotCandidate[];
}

/** Reads one connection, or explains why it cannot be rendered now. */
async function readFromOci(reader: NetworkReader, connectionId: string): Promise<OciRead> {
  if (!ocid("ipsecconnection").safeParse(connectionId).success) {
    throw new UsageError(
      `--ipsec "${connectionId}" is not an IPSec connection OCID (ocid1.ipsecconnection.…)`,
    );
  }
  const read = await reader.readConnection(connectionId, { waitForProvisioning: false });
  if (read.status === "gone") throw new NotFoundError(`IPSec connection ${connectionId} (${read.reason})`);
  if (read.status === "pending") {
    throw new TunnelsmithError(
      "PENDING",
      `IPSec connection ${connectionId} is not ready yet: ${read.reason}`,
      {
        expose: true,
      },
    );
  }
  return { snapshot: read.snapshot, siblings: read.siblings };
}

function cliReader(io: CliIo): NetworkReader {
  return createCliNetworkReader(io.env, createCliLogger(io, "warn"));
}

/** `tunnelsmith snapshot --ipsec OCID [--out FILE]`: the connection as a snapshot file (it holds the PSKs). */
export async function snapshotCommand(
  options: { ipsec: string | undefined; out: string | undefined },
  io: CliIo,
) {
  if (!options.ipsec) throw new UsageError("snapshot needs --ipsec OCID");
  if (options.out !== undefined && (await lstat(options.out).catch(() => null))?.isDirectory()) {
    throw new UsageError(`--out: ${options.out} is a folder; name the snapshot file`);
  }
  const { snapshot } = await readFromOci(cliReader(io), options.ipsec);
  const text = `${JSON.stringify(snapshot, null, 2)}\n`;
  if (options.out === undefined) {
    io.err("tunnelsmith: the snapshot contains the tunnels' pre-shared keys");
    io.out(text);
    return;
  }
  await ensureFolder(dirname(options.out));
  await writeFileSafely(options.out, text, 0o600);
  io.out(`${options.out} (contains PSKs, mode 0600)`);
}

/**
 * `tunnelsmith render --ipsec OCID…`: reads each connection from OCI and renders it. Interface slots come from
 * all connections on each CPE, as in the function; `oci-helper` fetches Oracle's own configuration.
 */
export async function renderFromOci(
  ids: readonly string[],
  vendors: readonly string[],
  io: CliIo,
): Promise<{ id: string; files: RenderedFile[] }[]> {
  const reader = cliReader(io);
  const reads: OciRead[] = [];
  for (const id of ids) reads.push(await readFromOci(reader, id));
  const candidates = new Map<string, SlotCandidate>();
  for (const r of reads) for (const s of r.siblings) candidates.set(s.connectionId, s);
  const slots = allocateSlots([...candidates.values()]);
  const out: { id: string; files: RenderedFile[] }[] = [];
  for (const { snapshot } of reads) {
    const id = snapshot.ipsecConnection.id;
    const model = buildModel(snapshot, slots.get(id) ?? 0);
    const wanted = vendors.length > 0 ? vendors : (snapshot.site.vendors ?? model.site.vendors);
    const { templated, oracleHelper } = splitVendors(wanted);
    const files = templated.length > 0 ? renderConnection(model, templated) : [];
    if (oracleHelper) {
      const content = await reader.readOracleCpeConfig(id);
      if (content === null)
        io.err(`tunnelsmith: OCI has no CPE configuration helper output for ${id} (no device shape?)`);
      else files.push(oracleHelperFile(content));
    }
    out.push({ id, files });
  }
  return out;
}
