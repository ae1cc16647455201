import { ROLES, tagsFor } from "./names.ts";
import type { SetupInput } from "./options.ts";
import {
  dynamicGroupName,
  dynamicGroupRule,
  type PolicyInput,
  policyName,
  policyStatements,
} from "./policies.ts";
import type { TypedSpec } from "./types.ts";

/** What setup knows about the tenancy that the statements name (read before planning). */
export interface IamFacts {
  tenancyId: string;
  region: string;
  functionCompartmentId: string;
  /** The bucket's compartment: where an existing bucket lives, else where setup creates it. */
  bucketCompartmentId: string;
  /** The compartment of TUNNELSMITH_ALERT_JSON_TOPIC_ID's topic when the function has one. */
  alertJsonTopicCompartmentId: string | null;
  /** PSK rotation is (or stays) scheduled. */
  rotation: boolean;
}

/** The statements' input for a run that reads the tenancy. */
export function policyInputFor(input: SetupInput, facts: IamFacts): PolicyInput {
  return {
    install: input.install,
    functionCompartmentId: facts.functionCompartmentId,
    networkCompartmentIds: input.networkCompartmentIds,
    bucket: input.bucket,
    bucketCompartmentId: facts.bucketCompartmentId,
    topicCompartmentIds: [
      input.compartmentId,
      ...(facts.alertJsonTopicCompartmentId ? [facts.alertJsonTopicCompartmentId] : []),
    ],
    kmsKeyId: input.kmsKeyId,
    region: facts.region,
    rotation: facts.rotation,
    lifecycle: true,
    queueCompartmentId: input.queue ? input.compartmentId : null,
  };
}

/** The dynamic group and the policy (`--iam`), both in the tenancy. */
export function iamSpecs(
  input: SetupInput,
  facts: IamFacts,
): [TypedSpec<"dynamic-group">, TypedSpec<"policy">] {
  const p = policyInputFor(input, facts);
  const base = { creatable: true, mutable: true, compartmentId: facts.tenancyId };
  return [
    {
      ...base,
      key: "dynamic-group",
      kind: "dynamic-group",
      name: dynamicGroupName(input.install),
      purpose: "matches the functions in the function's compartment (their resource principal)",
      fields: { matchingRule: dynamicGroupRule(p.functionCompartmentId) },
      tags: tagsFor(input.install, ROLES.dynamicGroup),
    },
    {
      ...base,
      key: "policy",
      kind: "policy",
      name: policyName(input.install),
      purpose: "access for the function, Events, Resource Scheduler and Object Storage",
      fields: { statements: policyStatements(p) },
      tags: tagsFor(input.install, ROLES.policy),
    },
  ];
}
