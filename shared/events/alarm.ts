import { z } from "zod";
import { EventValidationError } from "../errors.ts";
import { ipv4, ocid } from "../snapshot/fields.ts";
import { toValidationIssues } from "../validation.ts";

/**
 * A Monitoring alarm message as a Notifications subscription (protocol ORACLE_FUNCTIONS) delivers it to the
 * function. Only an `oci_vpn` alarm whose dimensions name a tunnel (`parentResourceId` = IPSec connection OCID,
 * `publicIp` = Oracle headend IP) is accepted: that is what `TunnelState[1m]{…}.mean() == 0` split per tunnel
 * produces. Everything else in the message is informational; the tunnels are always read again through the API.
 */

/** The alarm transitions OCI sends. */
export const ALARM_TYPES = ["OK_TO_FIRING", "FIRING_TO_OK", "REPEAT", "RESET"] as const;
export type AlarmType = (typeof ALARM_TYPES)[number];

/** OCI's documented maximum of dimension sets in one alarm message. */
export const MAX_ALARM_DIMENSIONS = 100;

const SEVERITIES = ["CRITICAL", "ERROR", "WARNING", "INFO"] as const;

const dimensionSchema = z.looseObject({
  parentResourceId: ocid("ipsecconnection"),
  publicIp: ipv4,
});

const metaDataSchema = z.looseObject({
  id: z.string().max(255).optional(),
  status: z.string().max(40).optional(),
  severity: z.string().max(40).optional(),
  namespace: z.literal("oci_vpn", {
    message: 'must be "oci_vpn": tunnelsmith handles alarms on the VPN TunnelState metric only',
  }),
  query: z.string().max(4000).optional(),
  totalMetricsFiring: z.number().int().min(0).optional(),
  // Empty when OCI names no metric stream (e.g. some RESET messages): nothing to check, not an error.
  dimensions: z
    .array(dimensionSchema)
    .max(MAX_ALARM_DIMENSIONS, { message: `must have at most ${MAX_ALARM_DIMENSIONS} dimension sets` })
    .default([]),
});

const alarmSchema = z
  .looseObject({
    dedupeKey: z.string().min(1).max(255).optional(),
    // The docs spell it in lower case, OCI's samples in camel case: accept both.
    dedupekey: z.string().min(1).max(255).optional(),
    title: z.string().max(1000).nullish(),
    body: z.string().max(65536).nullish(),
    type: z.enum(ALARM_TYPES, { message: `must be one of ${ALARM_TYPES.join(", ")}` }),
    severity: z.enum(SEVERITIES).optional(),
    timestampEpochMillis: z.number().int().min(0).optional(),
    timestamp: z.string().max(64).optional(),
    version: z.number().optional(),
    alarmMetaData: z.array(metaDataSchema).min(1, { message: "must list the alarm and its dimensions" }),
  })
  .refine((a) => a.dedupeKey !== undefined || a.dedupekey !== undefined, {
    message: "needs dedupeKey (or dedupekey)",
    path: ["dedupeKey"],
  });

/** One tunnel the alarm names. */
export interface AlarmTarget {
  connectionId: string;
  publicIp: string;
}

/** A validated alarm message, reduced to what the watch uses. */
export interface AlarmMessage {
  dedupeKey: string;
  type: AlarmType;
  /** The alarm's display name (what the user called it), or null. */
  title: string | null;
  severity: string | null;
  /** When the alarm changed state, as OCI says; null when absent or unreadable. */
  timestamp: Date | null;
  alarmIds: string[];
  /** Every tunnel named, duplicates removed, in message order. */
  targets: AlarmTarget[];
}

/**
 * Validates a function input as an alarm message. A malformed one is an EventValidationError naming each
 * problem by path; nothing is read or sent for it.
 */
export function parseAlarmMessage(input: unknown): AlarmMessage {
  if (typeof input === "string") throw new EventValidationError([{ path: "", message: "body is not JSON" }]);
  const result = alarmSchema.safeParse(input);
  if (!result.success) throw new EventValidationError(toValidationIssues(result.error.issues));
  const a = result.data;
  const seen = new Set<string>();
  const targets: AlarmTarget[] = [];
  for (const meta of a.alarmMetaData) {
    for (const d of meta.dimensions) {
      const key = `${d.parentResourceId} ${d.publicIp}`;
      if (seen.has(key)) continue;
      seen.add(key);
      targets.push({ connectionId: d.parentResourceId, publicIp: d.publicIp });
    }
  }
  return {
    dedupeKey: a.dedupeKey ?? a.dedupekey ?? "",
    type: a.type,
    title: a.title ?? null,
    severity: a.severity ?? null,
    timestamp: alarmTime(a.timestamp, a.timestampEpochMillis),
    alarmIds: a.alarmMetaData.flatMap((m) => (m.id ? [m.id] : [])),
    targets,
  };
}

function alarmTime(text: string | undefined, millis: number | undefined): Date | null {
  if (millis !== undefined) return new Date(millis);
  if (text === undefined) return null;
  const t = Date.parse(text);
  return Number.isNaN(t) ? null : new Date(t);
}

/** True for the alarm types that say the metric is (still) firing for the tunnels they name. */
export function isFiring(type: AlarmType): boolean {
  return type === "OK_TO_FIRING" || type === "REPEAT";
}
