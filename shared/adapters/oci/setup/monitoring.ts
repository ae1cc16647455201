import type * as monitoring from "oci-monitoring";
import type { ResourceAdapter } from "../../../setup/ports.ts";
import type { FoundResource, ResourceSpec } from "../../../setup/types.ts";
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

const SERVICE = "OCI Monitoring";

/**
 * The tunnel alarm, one per network compartment. There is no switch for FIRING_TO_OK messages in the Monitoring
 * API (20180401): an alarm sends one whenever a metric stream returns to OK, and with split notifications that is
 * one per tunnel, which is how the function learns that a tunnel recovered.
 */
export function createAlarmAdapter(
  client: monitoring.MonitoringClient,
  ctx: AdapterContext,
): ResourceAdapter {
  const retryConfiguration = ctx.retry;

  const summaries = async (compartmentId: string): Promise<FoundResource[]> => {
    const items = await call(SERVICE, "ListAlarms", () =>
      listAll((page) => client.listAlarms({ compartmentId, page, retryConfiguration })),
    );
    return items
      .filter((a) => !isGone(a.lifecycleState))
      .map((a) => listed("alarm", { ...a, name: a.displayName }));
  };

  /** The summary leaves out pending duration, body and format: read the alarm to compare them. */
  const full = async (summary: FoundResource): Promise<FoundResource> => {
    const { alarm: a } = await call(SERVICE, "GetAlarm", () =>
      client.getAlarm({ alarmId: summary.id, retryConfiguration }),
    );
    return {
      ...summary,
      fields: {
        namespace: a.namespace,
        metricCompartmentId: a.metricCompartmentId,
        metricCompartmentIdInSubtree: a.metricCompartmentIdInSubtree ?? false,
        query: a.query,
        resolution: a.resolution ?? "1m",
        pendingDuration: a.pendingDuration ?? null,
        severity: a.severity,
        isNotificationsPerMetricDimensionEnabled: a.isNotificationsPerMetricDimensionEnabled ?? false,
        destinations: a.destinations,
        messageFormat: a.messageFormat ?? "RAW",
        isEnabled: a.isEnabled,
        body: a.body ?? null,
      },
    };
  };

  const details = (spec: ResourceSpec) => ({
    namespace: text(spec, "namespace"),
    metricCompartmentId: text(spec, "metricCompartmentId"),
    metricCompartmentIdInSubtree: spec.fields.metricCompartmentIdInSubtree === true,
    query: text(spec, "query"),
    resolution: text(spec, "resolution"),
    pendingDuration: text(spec, "pendingDuration"),
    severity: text(spec, "severity"),
    isNotificationsPerMetricDimensionEnabled: spec.fields.isNotificationsPerMetricDimensionEnabled === true,
    destinations: spec.fields.destinations as string[],
    messageFormat: text(spec, "messageFormat") as monitoring.models.CreateAlarmDetails.MessageFormat,
    isEnabled: spec.fields.isEnabled === true,
    body: text(spec, "body"),
  });

  return {
    find: (spec) => findFromSummaries(spec, summaries, full),
    async create(spec) {
      const res = await call(SERVICE, "CreateAlarm", () =>
        client.createAlarm({
          createAlarmDetails: {
            displayName: spec.name,
            compartmentId: spec.compartmentId,
            ...details(spec),
            freeformTags: spec.tags,
          },
          retryConfiguration,
        }),
      );
      return res.alarm.id;
    },
    async update(found, spec) {
      const d = details(spec);
      await call(SERVICE, "UpdateAlarm", () =>
        client.updateAlarm({
          alarmId: found.id,
          updateAlarmDetails: {
            ...d,
            messageFormat: d.messageFormat as unknown as monitoring.models.UpdateAlarmDetails.MessageFormat,
            freeformTags: { ...found.tags, ...spec.tags },
          },
          retryConfiguration,
        }),
      );
    },
    async delete(found) {
      await call(SERVICE, "DeleteAlarm", () => client.deleteAlarm({ alarmId: found.id, retryConfiguration }));
    },
    listTagged: async (scope) => taggedFor(scope.install, await summaries(scope.compartmentId)),
  };
}
