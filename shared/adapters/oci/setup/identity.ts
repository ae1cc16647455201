import type * as identity from "oci-identity";
import type { ResourceAdapter } from "../../../setup/ports.ts";
import type { ResourceSpec } from "../../../setup/types.ts";
import { call } from "../errors.ts";
import { type AdapterContext, isGone, listAll, listed, pick, taggedFor, text } from "./common.ts";

const SERVICE = "OCI IAM";

/**
 * IAM must be changed in the tenancy's home region. Unless the identity endpoint is overridden, the client is
 * pointed there (ListRegionSubscriptions) before the first write; reads work in any region.
 */
export function homeRegionSwitch(
  client: identity.IdentityClient,
  tenancyId: string,
  fixed: boolean,
  ctx: AdapterContext,
): () => Promise<void> {
  let done: Promise<void> | null = fixed ? Promise.resolve() : null;
  return () => {
    done ??= call(SERVICE, "ListRegionSubscriptions", () =>
      client.listRegionSubscriptions({ tenancyId, retryConfiguration: ctx.retry }),
    ).then((res) => {
      const home = res.items.find((r) => r.isHomeRegion);
      if (home) client.regionId = home.regionName;
    });
    return done;
  };
}

/**
 * Every ACTIVE compartment below `compartmentId`, level by level: `compartmentIdInSubtree` works only on the
 * tenancy, and an alarm for the tenancy watches its subtree anyway.
 */
export async function listSubcompartments(
  client: identity.IdentityClient,
  compartmentId: string,
  ctx: AdapterContext,
): Promise<string[]> {
  const out: string[] = [];
  let level = [compartmentId];
  while (level.length > 0) {
    const next: string[] = [];
    for (const parent of level) {
      const items = await call(SERVICE, "ListCompartments", () =>
        listAll((page) =>
          client.listCompartments({
            compartmentId: parent,
            lifecycleState: "ACTIVE" as identity.models.Compartment.LifecycleState,
            page,
            retryConfiguration: ctx.retry,
          }),
        ),
      );
      next.push(...items.map((c) => c.id));
    }
    out.push(...next);
    level = next;
  }
  return out;
}

/** The dynamic group that matches the deployed function (`--iam` only). */
export function createDynamicGroupAdapter(
  client: identity.IdentityClient,
  beforeWrite: () => Promise<void>,
  ctx: AdapterContext,
): ResourceAdapter {
  const retryConfiguration = ctx.retry;
  const list = async (compartmentId: string) => {
    const items = await call(SERVICE, "ListDynamicGroups", () =>
      listAll((page) => client.listDynamicGroups({ compartmentId, page, retryConfiguration })),
    );
    return items
      .filter((g) => !isGone(g.lifecycleState))
      .map((g) => listed("dynamic-group", g, { matchingRule: g.matchingRule }));
  };
  return {
    find: async (spec) => pick(await list(spec.compartmentId), spec),
    async create(spec: ResourceSpec) {
      await beforeWrite();
      const res = await call(SERVICE, "CreateDynamicGroup", () =>
        client.createDynamicGroup({
          createDynamicGroupDetails: {
            compartmentId: spec.compartmentId,
            name: spec.name,
            matchingRule: text(spec, "matchingRule"),
            description: `tunnelsmith: ${spec.purpose}`,
            freeformTags: spec.tags,
          },
          retryConfiguration,
        }),
      );
      return res.dynamicGroup.id;
    },
    async update(f, spec) {
      await beforeWrite();
      await call(SERVICE, "UpdateDynamicGroup", () =>
        client.updateDynamicGroup({
          dynamicGroupId: f.id,
          updateDynamicGroupDetails: {
            matchingRule: text(spec, "matchingRule"),
            freeformTags: { ...f.tags, ...spec.tags },
          },
          retryConfiguration,
        }),
      );
    },
    async delete(f) {
      await beforeWrite();
      await call(SERVICE, "DeleteDynamicGroup", () =>
        client.deleteDynamicGroup({ dynamicGroupId: f.id, retryConfiguration }),
      );
    },
    listTagged: async (scope) => taggedFor(scope.install, await list(scope.tenancyId)),
  };
}

/** The policy with the function's statements, attached to the tenancy (`--iam` only). */
export function createPolicyAdapter(
  client: identity.IdentityClient,
  beforeWrite: () => Promise<void>,
  ctx: AdapterContext,
): ResourceAdapter {
  const retryConfiguration = ctx.retry;
  const list = async (compartmentId: string) => {
    const items = await call(SERVICE, "ListPolicies", () =>
      listAll((page) => client.listPolicies({ compartmentId, page, retryConfiguration })),
    );
    return items
      .filter((p) => !isGone(p.lifecycleState))
      .map((p) => listed("policy", p, { statements: p.statements }));
  };
  const statements = (spec: ResourceSpec) => spec.fields.statements as string[];
  return {
    find: async (spec) => pick(await list(spec.compartmentId), spec),
    async create(spec) {
      await beforeWrite();
      const res = await call(SERVICE, "CreatePolicy", () =>
        client.createPolicy({
          createPolicyDetails: {
            compartmentId: spec.compartmentId,
            name: spec.name,
            statements: statements(spec),
            description: `tunnelsmith: ${spec.purpose}`,
            freeformTags: spec.tags,
          },
          retryConfiguration,
        }),
      );
      return res.policy.id;
    },
    async update(f, spec) {
      await beforeWrite();
      await call(SERVICE, "UpdatePolicy", () =>
        client.updatePolicy({
          policyId: f.id,
          updatePolicyDetails: { statements: statements(spec), freeformTags: { ...f.tags, ...spec.tags } },
          retryConfiguration,
        }),
      );
    },
    async delete(f) {
      await beforeWrite();
      await call(SERVICE, "DeletePolicy", () => client.deletePolicy({ policyId: f.id, retryConfiguration }));
    },
    listTagged: async (scope) => taggedFor(scope.install, await list(scope.tenancyId)),
  };
}
