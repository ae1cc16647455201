import type * as objectstorage from "oci-objectstorage";
import { lifecycleRuleName } from "../../../setup/names.ts";
import type { ResourceAdapter } from "../../../setup/ports.ts";
import type { FoundResource, ResourceSpec, SpecValue } from "../../../setup/types.ts";
import { call } from "../errors.ts";
import { type AdapterContext, orNull, taggedFor, text } from "./common.ts";

const SERVICE = "OCI Object Storage";
type Rule = objectstorage.models.ObjectLifecycleRule;

/** A lifecycle rule as the planner compares it (the SDK's optional fields made explicit). */
function ruleValue(r: Rule): SpecValue {
  return {
    name: r.name,
    target: r.target ?? "objects",
    action: r.action,
    timeAmount: r.timeAmount,
    timeUnit: r.timeUnit,
    isEnabled: r.isEnabled,
  };
}

/**
 * The config bucket's lifecycle rule that deletes previous object versions (old PSKs) after a while. A bucket has
 * one lifecycle policy, replaced as a whole by PutObjectLifecyclePolicy: setup keeps rules it did not write, and
 * teardown removes only its own (the whole policy only when nothing else is left). Object Storage must be allowed
 * to `manage object-family` in the bucket's compartment, or OCI refuses the policy.
 */
export function createLifecycleAdapter(
  client: objectstorage.ObjectStorageClient,
  namespace: () => Promise<string>,
  ctx: AdapterContext,
): ResourceAdapter {
  const retryConfiguration = ctx.retry;

  const policy = async (bucketName: string): Promise<Rule[]> => {
    const namespaceName = await namespace();
    const res = await orNull(SERVICE, "GetObjectLifecyclePolicy", () =>
      client.getObjectLifecyclePolicy({ namespaceName, bucketName, retryConfiguration }),
    );
    return res?.objectLifecyclePolicy.items ?? [];
  };
  /** The bucket's policy as setup sees it: its own rule (null when absent) and the others. */
  const asFound = (bucketName: string, ruleName: string, compartmentId: string, items: Rule[]) => {
    if (items.length === 0) return null;
    const ours = items.find((r) => r.name === ruleName);
    const found: FoundResource = {
      id: `${bucketName}/lifecycle`,
      kind: "lifecycle",
      name: ruleName,
      compartmentId,
      fields: {
        bucket: bucketName,
        rule: ours ? ruleValue(ours) : null,
        others: items.filter((r) => r !== ours).map(ruleValue),
      },
      tags: {},
      lifecycleState: null,
      matchedBy: "name",
    };
    return found;
  };

  const put = async (bucketName: string, items: SpecValue[]) => {
    const namespaceName = await namespace();
    await call(SERVICE, "PutObjectLifecyclePolicy", () =>
      client.putObjectLifecyclePolicy({
        namespaceName,
        bucketName,
        putObjectLifecyclePolicyDetails: { items: items as unknown as Rule[] },
        retryConfiguration,
      }),
    );
  };
  const others = (found: FoundResource) => (Array.isArray(found.fields.others) ? found.fields.others : []);

  return {
    find: async (spec: ResourceSpec) =>
      asFound(text(spec, "bucket"), spec.name, spec.compartmentId, await policy(text(spec, "bucket"))),
    async create(spec) {
      await put(text(spec, "bucket"), [spec.fields.rule ?? null]);
      return `${text(spec, "bucket")}/lifecycle`;
    },
    async update(found, spec) {
      await put(text(spec, "bucket"), [...others(found), spec.fields.rule ?? null]);
    },
    async delete(found) {
      const rest = others(found);
      const bucketName = String(found.fields.bucket);
      if (rest.length > 0) return put(bucketName, rest);
      const namespaceName = await namespace();
      await call(SERVICE, "DeleteObjectLifecyclePolicy", () =>
        client.deleteObjectLifecyclePolicy({ namespaceName, bucketName, retryConfiguration }),
      );
    },
    // Only on the install's own bucket (the bucket adapter checks its tags).
    async listTagged(scope) {
      const namespaceName = await namespace();
      const bucket = await orNull(SERVICE, "GetBucket", () =>
        client.getBucket({ namespaceName, bucketName: scope.bucket, retryConfiguration }),
      );
      const tags = { ...(bucket?.bucket.freeformTags ?? {}) };
      if (!bucket || taggedFor(scope.install, [{ tags } as FoundResource]).length === 0) return [];
      const found = asFound(
        scope.bucket,
        lifecycleRuleName(scope.install),
        bucket.bucket.compartmentId,
        await policy(scope.bucket),
      );
      return found && found.fields.rule !== null ? [found] : [];
    },
  };
}
