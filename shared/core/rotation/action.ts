import { z } from "zod";
import { EventValidationError } from "../../errors.ts";
import type { Dependencies } from "../../ports.ts";
import { ocid } from "../../snapshot/fields.ts";
import { toValidationIssues } from "../../validation.ts";
import type { RotationOutcome, RotationSweepOutcome } from "./outcome.ts";
import { rotateCompartment } from "./rotate-compartment.ts";
import { rotateConnection } from "./rotate-connection.ts";

/** The action name in `{"action": "rotate-psk", …}`. */
export const ROTATE_PSK_ACTION = "rotate-psk";

/** Default key age for scheduled runs that name no `maxAgeDays`. */
export const DEFAULT_MAX_AGE_DAYS = 90;

const maxAgeDays = z.number().positive().max(3650);

/** One connection: now (or when due with `maxAgeDays`); `tunnelId`, `force` and `dryRun` as on the CLI. */
const connectionAction = z.strictObject({
  action: z.literal(ROTATE_PSK_ACTION),
  ipsecConnectionId: ocid("ipsecconnection"),
  tunnelId: ocid("ipsectunnel").optional(),
  maxAgeDays: maxAgeDays.optional(),
  force: z.boolean().optional(),
  dryRun: z.boolean().optional(),
});

/** Every connection of a compartment whose oldest key is due (Resource Scheduler). Never forced. */
const compartmentAction = z.strictObject({
  action: z.literal(ROTATE_PSK_ACTION),
  compartmentId: ocid("compartment").or(ocid("tenancy")),
  maxAgeDays: maxAgeDays.default(DEFAULT_MAX_AGE_DAYS),
  dryRun: z.boolean().optional(),
});

export type RotateAction =
  | { kind: "connection"; value: z.infer<typeof connectionAction> }
  | { kind: "compartment"; value: z.infer<typeof compartmentAction> };

/** Validates a rotate-psk payload; errors say which field is wrong and what was expected. */
export function parseRotateAction(input: Record<string, unknown>): RotateAction {
  if ("compartmentId" in input) {
    if ("force" in input) {
      throw new EventValidationError([
        {
          path: "force",
          message:
            "is not accepted for a compartment: a scheduled run never overrides the safety checks (force one connection with ipsecConnectionId)",
        },
      ]);
    }
    const parsed = compartmentAction.safeParse(input);
    if (!parsed.success) throw new EventValidationError(toValidationIssues(parsed.error.issues));
    return { kind: "compartment", value: parsed.data };
  }
  if (!("ipsecConnectionId" in input)) {
    throw new EventValidationError([
      {
        path: "",
        message:
          'rotate-psk needs "ipsecConnectionId" (one connection) or "compartmentId" (scheduled, with "maxAgeDays")',
      },
    ]);
  }
  const parsed = connectionAction.safeParse(input);
  if (!parsed.success) throw new EventValidationError(toValidationIssues(parsed.error.issues));
  return { kind: "connection", value: parsed.data };
}

/** Handles `{"action": "rotate-psk", …}` (the function's dispatch table routes it here). */
export async function handleRotateAction(
  input: Record<string, unknown>,
  deps: Dependencies,
): Promise<RotationOutcome | RotationSweepOutcome> {
  const action = parseRotateAction(input);
  if (action.kind === "compartment") {
    const { compartmentId, maxAgeDays: days, dryRun } = action.value;
    return rotateCompartment(compartmentId, days, { dryRun: dryRun ?? false }, deps);
  }
  const v = action.value;
  return rotateConnection(
    v.ipsecConnectionId,
    {
      request: { tunnelId: v.tunnelId ?? null, force: v.force ?? false, maxAgeDays: v.maxAgeDays ?? null },
      dryRun: v.dryRun ?? false,
    },
    deps,
  );
}
