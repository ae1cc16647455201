import { z } from "zod";
import { EventValidationError } from "../errors.ts";
import { ocid } from "../snapshot/fields.ts";
import { toValidationIssues } from "../validation.ts";

/**
 * An OCI Events CloudEvent (0.1 envelope). Only `eventType`, `eventID` and `data.resourceId` are relied on; the
 * resource is always re-read through the API because event payloads are partial and may be stale.
 */
export const cloudEventSchema = z.looseObject({
  eventType: z.string().regex(/^[a-z0-9.]+$/, { message: "must be an OCI event type" }),
  cloudEventsVersion: z.string().optional(),
  eventID: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[A-Za-z0-9._:-]+$/, { message: "must be an event id" }),
  eventTime: z.string().optional(),
  data: z.looseObject({
    // IPSec connection events, and CPE events (a CPE change re-renders every connection on it).
    resourceId: z
      .string()
      .refine((v) => ocid("ipsecconnection").safeParse(v).success || ocid("cpe").safeParse(v).success, {
        message: "must be an IPSec connection or CPE OCID (ocid1.ipsecconnection.… or ocid1.cpe.…)",
      }),
    resourceName: z.string().nullish(),
    compartmentId: z.string().nullish(),
  }),
});

export type CloudEvent = z.infer<typeof cloudEventSchema>;

/**
 * Validates a function input as a CloudEvent. The FDK's json mode hands over the raw string when the body is
 * not JSON; that is reported as such rather than as "missing eventType".
 */
export function parseCloudEvent(input: unknown): CloudEvent {
  if (typeof input === "string") {
    throw new EventValidationError([{ path: "", message: "body is not JSON" }]);
  }
  const result = cloudEventSchema.safeParse(input);
  if (!result.success) throw new EventValidationError(toValidationIssues(result.error.issues));
  return result.data;
}
