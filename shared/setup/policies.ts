/**
 * The IAM the function needs, least privilege: a dynamic group matching exactly the deployed function, and policy
 * statements scoped by compartment OCID and, where OCI offers a variable for it, by bucket name, topic OCID, key
 * OCID or schedule OCID. One generator for `setup --print-policies`, `setup --iam` and docs/oci.md (kept in step by
 * a test). Statements whose permission names are not confirmed by Oracle's documentation are listed in
 * {@link POLICY_NOTES}.
 */

/** Everything the statements name: OCIDs, the bucket, the region and which optional parts apply. */
export interface PolicyInput {
  install: string;
  functionId: string;
  functionCompartmentId: string;
  networkCompartmentIds: readonly string[];
  bucket: string;
  bucketCompartmentId: string;
  alertsTopicId: string;
  topicCompartmentId: string;
  /** Vault key of the bucket; the Object Storage service (not the function) needs to use it. */
  kmsKeyId: string | null;
  region: string;
  /** PSK rotation is scheduled: the function may update tunnel shared secrets. */
  rotation: boolean;
  /** Resource schedules that invoke the function (sweep, rotation). */
  scheduleIds: readonly string[];
}

/** The dynamic group's name. */
export function dynamicGroupName(install: string): string {
  return `${install}-fn`;
}

/** The policy's name (attached to the tenancy, so it can name every compartment involved). */
export function policyName(install: string): string {
  return install;
}

/** Matches the one deployed function, not every function in its compartment. */
export function dynamicGroupRule(functionId: string): string {
  return `ALL {resource.type = 'fnfunc', resource.id = '${functionId}'}`;
}

/** The policy statements, in a stable order. */
export function policyStatements(p: PolicyInput): string[] {
  const dg = `dynamic-group ${dynamicGroupName(p.install)}`;
  const out: string[] = [];
  for (const network of p.networkCompartmentIds) {
    const where = `in compartment id ${network}`;
    // Reading connections, tunnels (and their PSKs), CPEs; DRGs, their attachments and VCNs for the Oracle-side
    // CIDRs of STATIC routing; compartments for the sweep's includeSubcompartments.
    for (const type of ["ipsec-connections", "cpes", "drgs", "drg-attachments", "vcns"]) {
      out.push(`Allow ${dg} to read ${type} ${where}`);
    }
    out.push(`Allow ${dg} to inspect compartments ${where}`);
    if (p.rotation) {
      out.push(
        `Allow ${dg} to manage ipsec-connections ${where} where request.permission = 'IPSEC_CONNECTION_DEVICE_CONFIG_UPDATE'`,
      );
    }
  }
  const bucket = `in compartment id ${p.bucketCompartmentId}`;
  out.push(`Allow ${dg} to read buckets ${bucket} where target.bucket.name = '${p.bucket}'`);
  out.push(`Allow ${dg} to manage objects ${bucket} where target.bucket.name = '${p.bucket}'`);
  out.push(
    `Allow ${dg} to manage buckets ${bucket} where all {target.bucket.name = '${p.bucket}', request.permission = 'PAR_MANAGE'}`,
  );
  out.push(
    `Allow ${dg} to use ons-topics in compartment id ${p.topicCompartmentId} where target.topic.id = '${p.alertsTopicId}'`,
  );
  if (p.kmsKeyId) {
    out.push(
      `Allow service objectstorage-${p.region} to use keys in tenancy where target.key.id = '${p.kmsKeyId}'`,
    );
  }
  const fn = `in compartment id ${p.functionCompartmentId}`;
  out.push(`Allow service cloudEvents to use functions-family ${fn}`);
  for (const schedule of p.scheduleIds) {
    const principal = `where all {request.principal.type = 'resourceschedule', request.principal.id = '${schedule}'}`;
    out.push(`Allow any-user to read fn-function ${fn} ${principal}`);
    out.push(`Allow any-user to use fn-invocation ${fn} ${principal}`);
  }
  return out;
}

/** What is not confirmed about the statements, and what to do if one does not work; printed with them. */
export const POLICY_NOTES: readonly string[] = [
  "Reading a tunnel's PSK (GetIPSecConnectionTunnelSharedSecret) and Oracle's CPE helper text is covered by `read ipsec-connections` as far as we know (unconfirmed); if either answers 404 while GetIPSecConnection works, grant `use ipsec-connections`.",
  "The rotation statement's permission name IPSEC_CONNECTION_DEVICE_CONFIG_UPDATE is unconfirmed; if UpdateIPSecConnectionTunnelSharedSecret answers 404, grant `manage ipsec-connections` in that compartment instead.",
  "If a `read` on cpes, drgs, drg-attachments or vcns is refused in your tenancy, `read virtual-network-family` in the network compartment covers all of them (broader).",
  "The Resource Scheduler statements (read fn-function, use fn-invocation for the schedule's principal) are unconfirmed; Oracle's generic example grants `manage functions-family` to the schedule.",
  "`Allow service cloudEvents to use functions-family` is the Events service's statement from Oracle's Events documentation, narrowed to the function's compartment.",
  "Notifications needs no policy to deliver alarm messages to the function (ORACLE_FUNCTIONS subscription) as far as we know (unconfirmed).",
  "In a tenancy with identity domains, create the dynamic group in the Default domain (or prefix its name in the statements: 'DomainName'/'tunnelsmith-fn').",
];
