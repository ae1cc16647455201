import type { SetupInput } from "./options.ts";
import {
  dynamicGroupName,
  dynamicGroupRule,
  linkGeneration,
  POLICY_NOTES,
  type PolicyInput,
  policyName,
  policyStatements,
} from "./policies.ts";

/**
 * `tunnelsmith setup --print-policies`: the IAM to create, from the flags alone (no OCI config, no API call), so a
 * tenancy administrator can create it before anything else exists. `setup --iam` creates the same statements.
 */

/** Placeholder when neither `--region` nor the function's OCID names the region. */
export const REGION_PLACEHOLDER = "<region>";

/** The region from `--region`, else from the function's OCID when it carries a region identifier. */
export function regionOf(input: Pick<SetupInput, "region" | "functionId">): string {
  if (input.region) return input.region;
  const segment = input.functionId.split(".")[3] ?? "";
  return /^[a-z]+-[a-z]+-\d+$/.test(segment) ? segment : REGION_PLACEHOLDER;
}

/** The statements' input as the flags describe it (the function in `--function-compartment`, else `--compartment`). */
export function offlinePolicyInput(input: SetupInput): PolicyInput {
  return {
    install: input.install,
    functionCompartmentId: input.functionCompartmentId ?? input.compartmentId,
    networkCompartmentIds: input.networkCompartmentIds,
    bucket: input.bucket,
    bucketCompartmentId: input.compartmentId,
    topicCompartmentIds: [input.compartmentId],
    kmsKeyId: input.kmsKeyId,
    region: regionOf(input),
    rotation: input.rotation !== null && input.rotation !== "off",
    lifecycle: true,
    queueCompartmentId: input.queue ? input.compartmentId : null,
  };
}

/** What the user who runs `fn deploy`, setup and teardown needs; `<group>` is that user's group. */
export function operatorStatements(input: SetupInput): string[] {
  const g = "Allow group <group> to";
  const home = `in compartment id ${input.compartmentId}`;
  const out = [
    `${g} manage functions-family ${home}`,
    `${g} manage repos ${home}`,
    `${g} use virtual-network-family in compartment id <subnet compartment OCID>`,
    `${g} manage buckets ${home}`,
    // Teardown lists object versions: a bucket with old versions cannot be deleted.
    `${g} inspect objects ${home}`,
    `${g} manage ons-family ${home}`,
    `${g} manage alarms ${home}`,
    `${g} manage resource-schedule-family ${home}`,
    ...(input.queue ? [`${g} manage queues ${home}`] : []),
    `${g} read objectstorage-namespaces in tenancy`,
  ];
  for (const network of input.networkCompartmentIds) {
    out.push(`${g} read metrics in compartment id ${network}`);
    out.push(`${g} manage cloudevents-rules in compartment id ${network}`);
    if (input.subcompartments) out.push(`${g} inspect compartments in compartment id ${network}`);
  }
  if (input.iam) {
    out.push(`${g} manage dynamic-groups in tenancy`, `${g} manage policies in tenancy`);
  }
  return out;
}

/** The lines `--print-policies` prints. */
export function policyLines(input: SetupInput): string[] {
  const p = offlinePolicyInput(input);
  const lines = [
    `# Dynamic group "${dynamicGroupName(input.install)}" (in the tenancy; Default identity domain), matching rule:`,
    dynamicGroupRule(p.functionCompartmentId),
    "",
    `# Policy "${policyName(input.install)}", attached to the tenancy (root compartment):`,
    ...policyStatements(p),
    "",
    `# Function configuration after creating them: TUNNELSMITH_LINK_GENERATION=${linkGeneration(p)}`,
    "",
    "# For the group of the user who runs fn deploy, tunnelsmith setup and teardown:",
    ...operatorStatements(input),
    "",
    "# Notes:",
  ];
  if (p.region === REGION_PLACEHOLDER) {
    lines.push("# - The function's OCID names no region identifier: pass --region to fill in <region>.");
  }
  if (input.functionCompartmentId === null) {
    lines.push(
      "# - The function is assumed to live in --compartment; pass --function-compartment otherwise.",
    );
  }
  if (input.rotation === null) {
    lines.push("# - PSK rotation is not included: add --rotate-every if rotation is (or will be) on.");
  }
  if (input.queue === null) {
    lines.push("# - The sweep's work queue is not included: add --queue if setup creates it.");
  }
  for (const note of POLICY_NOTES) lines.push(`# - ${note}`);
  return lines;
}
