import type * as functions from "oci-functions";
import { NotFoundError, ValidationError } from "../../../errors.ts";
import type { DeployedFunction } from "../../../setup/desired.ts";
import type { ResourceAdapter } from "../../../setup/ports.ts";
import type { FoundResource, SpecValue } from "../../../setup/types.ts";
import { call } from "../errors.ts";
import { type AdapterContext, orNull } from "./common.ts";

const SERVICE = "OCI Functions";
/** OCI's limit on a function's configuration: keys and values together. */
const MAX_CONFIG_BYTES = 4096;

/** Reads the deployed function; NotFoundError when the OCID names none (or the user may not read it). */
export async function readFunction(
  client: functions.FunctionsManagementClient,
  functionId: string,
  ctx: AdapterContext,
): Promise<DeployedFunction> {
  const res = await orNull(SERVICE, "GetFunction", () =>
    client.getFunction({ functionId, retryConfiguration: ctx.retry }),
  );
  if (res === null) throw new NotFoundError(`function ${functionId} (deploy it with fn deploy first)`);
  const f = res.function;
  return {
    id: f.id,
    name: f.displayName ?? f.id,
    compartmentId: f.compartmentId ?? "",
    config: { ...(f.config ?? {}) },
    timeoutInSeconds: f.timeoutInSeconds ?? null,
    memoryInMBs: f.memoryInMBs ?? null,
    detachedModeTimeoutInSeconds: f.detachedModeTimeoutInSeconds ?? null,
  };
}

/**
 * The deployed function's configuration (Fn passes it as environment variables). Setup sets its own keys and
 * keeps every other key as it is: UpdateFunction replaces the whole map, so the update sends the merged map. It
 * also sets the limit of detached invocations (the scheduled sweep and rotation), which func.yaml cannot.
 */
export function createFunctionAdapter(
  client: functions.FunctionsManagementClient,
  ctx: AdapterContext,
): ResourceAdapter {
  return {
    async find(spec) {
      if (!spec.id) return null;
      const fn = await readFunction(client, spec.id, ctx).catch((error: unknown) => {
        if (error instanceof NotFoundError) return null;
        throw error;
      });
      if (fn === null) return null;
      const fields: Record<string, SpecValue> = {
        detachedModeTimeoutInSeconds: fn.detachedModeTimeoutInSeconds,
      };
      for (const [k, v] of Object.entries(fn.config)) fields[`config.${k}`] = v;
      const found: FoundResource = {
        id: fn.id,
        kind: "function",
        name: fn.name,
        compartmentId: fn.compartmentId,
        fields,
        tags: {},
        lifecycleState: null,
        matchedBy: "id",
      };
      return found;
    },
    async create() {
      throw new Error("internal: setup does not create functions (fn deploy does)");
    },
    async update(found, _spec, changes) {
      const config: Record<string, string> = {};
      const detached = changes.find((c) => c.field === "detachedModeTimeoutInSeconds")?.to;
      for (const [field, value] of Object.entries(found.fields)) {
        if (field.startsWith("config.") && typeof value === "string") config[field.slice(7)] = value;
      }
      for (const change of changes) {
        if (change.field.startsWith("config.")) config[change.field.slice(7)] = String(change.to);
      }
      const bytes = Object.entries(config).reduce((n, [k, v]) => n + Buffer.byteLength(k + v, "utf8"), 0);
      if (bytes > MAX_CONFIG_BYTES) {
        throw new ValidationError("FUNCTION_CONFIG_TOO_LARGE", `function ${found.name}`, [
          { path: "config", message: `would be ${bytes} bytes; OCI allows ${MAX_CONFIG_BYTES}` },
        ]);
      }
      await call(SERVICE, "UpdateFunction", () =>
        client.updateFunction({
          functionId: found.id,
          updateFunctionDetails: {
            config,
            ...(typeof detached === "number" ? { detachedModeTimeoutInSeconds: detached } : {}),
          },
          retryConfiguration: ctx.retry,
        }),
      );
    },
    async delete() {
      throw new Error("internal: teardown leaves the function to fn");
    },
    listTagged: async () => [],
  };
}
