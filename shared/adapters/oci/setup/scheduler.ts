import type * as resourcescheduler from "oci-resourcescheduler";
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

const SERVICE = "OCI Resource Scheduler";

type Schedule = resourcescheduler.models.Schedule | resourcescheduler.models.ScheduleSummary;

/** A schedule's resources as setup compares them: function OCID and JSON body of each. */
function resourcesOf(schedule: Schedule): SpecValue[] {
  return (schedule.resources ?? []).map((r) => ({
    id: r.id,
    parameters: (r.parameters ?? []).map((p) => ({
      parameterType: p.parameterType,
      value: ((p as resourcescheduler.models.BodyParameter).value ?? null) as SpecValue,
    })),
  }));
}

/**
 * Resource Scheduler schedules that invoke the function with a JSON body (`START_RESOURCE` on a function
 * invokes it, detached): the sweep, and PSK rotation when it is on.
 */
export function createScheduleAdapter(
  client: resourcescheduler.ScheduleClient,
  ctx: AdapterContext,
): ResourceAdapter {
  const retryConfiguration = ctx.retry;

  const summaries = async (compartmentId: string): Promise<FoundResource[]> => {
    const items = await call(SERVICE, "ListSchedules", () =>
      listAll(async (page) => {
        const res = await client.listSchedules({ compartmentId, page, retryConfiguration });
        return { items: res.scheduleCollection.items, opcNextPage: res.opcNextPage };
      }),
    );
    return items
      .filter((s) => !isGone(s.lifecycleState))
      .map((s) => listed("schedule", { ...s, name: s.displayName }));
  };

  const full = async (summary: FoundResource): Promise<FoundResource> => {
    const { schedule: s } = await call(SERVICE, "GetSchedule", () =>
      client.getSchedule({ scheduleId: summary.id, retryConfiguration }),
    );
    return {
      ...summary,
      fields: {
        action: s.action,
        recurrenceType: s.recurrenceType,
        recurrenceDetails: s.recurrenceDetails,
        resources: resourcesOf(s),
      },
    };
  };

  const details = (spec: ResourceSpec) => ({
    description: `tunnelsmith: ${spec.purpose}`,
    action: text(spec, "action") as resourcescheduler.models.CreateScheduleDetails.Action,
    recurrenceType: text(
      spec,
      "recurrenceType",
    ) as resourcescheduler.models.CreateScheduleDetails.RecurrenceType,
    recurrenceDetails: text(spec, "recurrenceDetails"),
    resources: spec.fields.resources as unknown as resourcescheduler.models.Resource[],
  });

  return {
    find: (spec) => findFromSummaries(spec, summaries, full),
    async create(spec) {
      const res = await call(SERVICE, "CreateSchedule", () =>
        client.createSchedule({
          createScheduleDetails: {
            compartmentId: spec.compartmentId,
            displayName: spec.name,
            ...details(spec),
            freeformTags: spec.tags,
          },
          retryConfiguration,
        }),
      );
      return res.schedule.id;
    },
    async update(found, spec) {
      const d = details(spec);
      await call(SERVICE, "UpdateSchedule", () =>
        client.updateSchedule({
          scheduleId: found.id,
          updateScheduleDetails: {
            ...d,
            action: d.action as unknown as resourcescheduler.models.UpdateScheduleDetails.Action,
            recurrenceType:
              d.recurrenceType as unknown as resourcescheduler.models.UpdateScheduleDetails.RecurrenceType,
            freeformTags: { ...found.tags, ...spec.tags },
          },
          retryConfiguration,
        }),
      );
    },
    async delete(found) {
      await call(SERVICE, "DeleteSchedule", () =>
        client.deleteSchedule({ scheduleId: found.id, retryConfiguration }),
      );
    },
    listTagged: async (scope) => taggedFor(scope.install, await summaries(scope.compartmentId)),
  };
}
