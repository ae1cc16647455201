import { randomUUID } from "node:crypto";
import { http } from "msw";
import type { FakeOci, Json } from "./fake-oci.ts";
import { type FakeResolver, ociError, ok, type signed } from "./respond.ts";

const TARGETS = ["objects", "previous-object-versions", "multipart-uploads"];
const ACTIONS = ["ARCHIVE", "INFREQUENT_ACCESS", "DELETE", "ABORT"];

/** What is wrong with one lifecycle rule, as OCI checks it, or null. */
function ruleProblem(rule: Json): string | null {
  if (typeof rule.name !== "string" || rule.name === "") return "rule name is required";
  if (rule.target !== undefined && !TARGETS.includes(String(rule.target)))
    return `unknown target ${rule.target}`;
  if (!ACTIONS.includes(String(rule.action))) return `unknown action ${rule.action}`;
  if (!Number.isInteger(rule.timeAmount) || Number(rule.timeAmount) < 1)
    return "timeAmount must be a positive integer";
  if (!["DAYS", "YEARS"].includes(String(rule.timeUnit))) return "timeUnit is DAYS or YEARS";
  if (typeof rule.isEnabled !== "boolean") return "isEnabled is required";
  return null;
}

/**
 * Get/Put/DeleteObjectLifecyclePolicy (`/n/{ns}/b/{bucket}/l`). A bucket has one policy, replaced whole by Put;
 * Put fails with 400 InsufficientServicePermissions while Object Storage may not manage the bucket's objects
 * (`fake.control.objectStorageServiceAllowed`, true unless a test says otherwise); Get answers 404 without one.
 */
export function lifecycleHandlers(
  fake: FakeOci,
  b: string,
  svc: (resolver: FakeResolver) => ReturnType<typeof signed>,
  nsProblem: (ns: string | undefined) => Response | null,
) {
  const policies = fake.control.lifecyclePolicies;
  const bucketProblem = (params: Record<string, string | undefined>) =>
    nsProblem(params.ns) ??
    (fake.buckets.has(params.bucket ?? "")
      ? null
      : ociError(404, "BucketNotFound", `bucket ${params.bucket} not found`));
  return [
    http.get(
      `${b}/:bucket/l`,
      svc(({ params }) => {
        const problem = bucketProblem(params);
        if (problem) return problem;
        const policy = policies.get(params.bucket ?? "");
        return policy
          ? ok(policy, { etag: fake.newEtag() })
          : ociError(404, "LifecyclePolicyNotFound", "no lifecycle policy");
      }),
    ),
    http.put(
      `${b}/:bucket/l`,
      svc(({ params, body }) => {
        const problem = bucketProblem(params);
        if (problem) return problem;
        if (!fake.control.objectStorageServiceAllowed)
          return ociError(
            400,
            "InsufficientServicePermissions",
            "Permissions granted to the object storage service principal to this bucket are insufficient.",
          );
        const items = (JSON.parse(body) as Json).items;
        if (!Array.isArray(items)) return ociError(400, "InvalidParameter", "items is required");
        for (const rule of items as Json[]) {
          const bad = ruleProblem(rule);
          if (bad) return ociError(400, "InvalidParameter", bad);
        }
        const policy = {
          namespace: fake.namespace,
          bucketName: params.bucket,
          timeCreated: new Date().toISOString(),
          items,
        };
        policies.set(params.bucket ?? "", policy);
        return ok(policy, { etag: fake.newEtag() });
      }),
    ),
    http.delete(
      `${b}/:bucket/l`,
      svc(({ params }) => {
        const problem = bucketProblem(params);
        if (problem) return problem;
        policies.delete(params.bucket ?? "");
        return new Response(null, { status: 204, headers: { "opc-request-id": randomUUID() } });
      }),
    ),
  ];
}
