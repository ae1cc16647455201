import type * as events from "oci-events";
import { eventCondition } from "../../../setup/desired.ts";
import type { ResourceAdapter } from "../../../setup/ports.ts";
import type { FoundResource, ResourceSpec, SpecValue } from "../../../setup/types.ts";
import { call } from "../errors.ts";
import {
  type AdapterContext,
  findFromSummaries,
  isGone,
  listAll,
  listed,
  taggedFor,
  text,
} from "./common.ts";

const SERVICE = "OCI Events";

/**
 * A rule's condition in the form setup writes it, so an equivalent condition (same event types in another order)
 * is not seen as a change. A condition with anything beyond `eventType` is compared as written.
 */
export function canonicalCondition(condition: string): string {
  try {
    const parsed = JSON.parse(condition) as unknown;
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
      const keys = Object.keys(parsed);
      const types = (parsed as { eventType?: unknown }).eventType;
      const list = typeof types === "string" ? [types] : types;
      if (keys.length === 1 && Array.isArray(list) && list.every((t) => typeof t === "string")) {
        return eventCondition(list as string[]);
      }
    }
  } catch {
    // not JSON: compared as written
  }
  return condition;
}

/** Events rules: one per network compartment, matching IPSec connection and CPE events, acting on the function. */
export function createRuleAdapter(client: events.EventsClient, ctx: AdapterContext): ResourceAdapter {
  const retryConfiguration = ctx.retry;

  const summaries = async (compartmentId: string): Promise<FoundResource[]> => {
    const items = await call(SERVICE, "ListRules", () =>
      listAll((page) => client.listRules({ compartmentId, page, retryConfiguration })),
    );
    return items
      .filter((r) => !isGone(r.lifecycleState))
      .map((r) => listed("rule", { ...r, name: r.displayName }));
  };

  /** The list leaves out actions: read the rule itself to compare them. */
  const full = async (summary: FoundResource): Promise<FoundResource> => {
    const { rule } = await call(SERVICE, "GetRule", () =>
      client.getRule({ ruleId: summary.id, retryConfiguration }),
    );
    const actions: SpecValue[] = (rule.actions?.actions ?? []).map((a) => ({
      actionType: a.actionType,
      isEnabled: a.isEnabled ?? true,
      functionId: (a as events.models.FaaSAction).functionId ?? null,
    }));
    return {
      ...summary,
      fields: { condition: canonicalCondition(rule.condition), isEnabled: rule.isEnabled, actions },
    };
  };

  const details = (spec: ResourceSpec) => {
    const actions = (spec.fields.actions as { functionId: string; isEnabled: boolean }[]).map((a) => ({
      actionType: "FAAS",
      isEnabled: a.isEnabled,
      functionId: a.functionId,
      description: "tunnelsmith function",
    }));
    return {
      condition: text(spec, "condition"),
      isEnabled: spec.fields.isEnabled === true,
      actions: { actions },
      description: `tunnelsmith: ${spec.purpose}`,
    };
  };

  return {
    find: (spec) => findFromSummaries(spec, summaries, full),
    async create(spec) {
      const res = await call(SERVICE, "CreateRule", () =>
        client.createRule({
          createRuleDetails: {
            displayName: spec.name,
            compartmentId: spec.compartmentId,
            ...details(spec),
            freeformTags: spec.tags,
          },
          retryConfiguration,
        }),
      );
      return res.rule.id;
    },
    async update(found, spec) {
      await call(SERVICE, "UpdateRule", () =>
        client.updateRule({
          ruleId: found.id,
          updateRuleDetails: { ...details(spec), freeformTags: { ...found.tags, ...spec.tags } },
          retryConfiguration,
        }),
      );
    },
    async delete(found) {
      await call(SERVICE, "DeleteRule", () => client.deleteRule({ ruleId: found.id, retryConfiguration }));
    },
    async listTagged(scope) {
      const out: FoundResource[] = [];
      for (const compartmentId of scope.networkCompartmentIds) {
        out.push(...taggedFor(scope.install, await summaries(compartmentId)));
      }
      return out;
    },
  };
}
