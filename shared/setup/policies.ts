import { createHash } from "node:crypto";

/**
 * The IAM the function needs, as narrow as OCI's documented policy variables allow: compartment OCIDs everywhere,
 * plus the bucket name (`target.bucket.name`), the Vault key (`target.key.id`) and `request.permission`, which the
 * Object Storage, Vault and general variable references document. Notifications supports only the general
 * variables, so publishing is granted per topic compartment (a dedicated compartment for the topics narrows it).
 * One generator for `setup --print-policies`, `setup --iam` and the docs (kept equal by a test).
 */

/** Everything the statements name: OCIDs, the bucket, the region and which optional parts apply. */
export interface PolicyInput {
  install: string;
  /** Where the function lives: the dynamic group matches functions there. */
  functionCompartmentId: string;
  networkCompartmentIds: readonly string[];
  bucket: string;
  bucketCompartmentId: string;
  /** Compartments of the topics the function publishes to (alert topic; TUNNELSMITH_ALERT_JSON_TOPIC_ID's). */
  topicCompartmentIds: readonly string[];
  /** Vault key of the bucket; the Object Storage service (not the function) needs to use it. */
  kmsKeyId: string | null;
  /** Region identifier (Object Storage's service principal is per region), or a placeholder. */
  region: string;
  /** PSK rotation is scheduled: the function may update tunnel shared secrets. */
  rotation: boolean;
  /** Setup keeps a lifecycle rule on the bucket: Object Storage itself must be allowed to delete old versions. */
  lifecycle: boolean;
  /** The compartment of the sweep's work queue (`--queue`); null: no queue. */
  queueCompartmentId: string | null;
}

/** The function's dynamic group. */
export function dynamicGroupName(install: string): string {
  return `${install}-fn`;
}

/** The policy's name (attached to the tenancy, so it can name every compartment involved). */
export function policyName(install: string): string {
  return install;
}

/**
 * Every function in the function's compartment. Not one function OCID: `fn deploy` of a renamed or re-created
 * function gives a new OCID, and a rule naming the old one would silently take the function's access (and every
 * PAR it made) away. The price: any function deployed in that compartment gets the same access, so give
 * tunnelsmith a compartment (or at least an application compartment) of its own.
 */
export function dynamicGroupRule(functionCompartmentId: string): string {
  return `ALL {resource.type = 'fnfunc', resource.compartment.id = '${functionCompartmentId}'}`;
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
  for (const topics of new Set(p.topicCompartmentIds)) {
    out.push(`Allow ${dg} to use ons-topics in compartment id ${topics}`);
  }
  if (p.queueCompartmentId) {
    // The compartment, not the queue's OCID: known before the queue exists, so --print-policies and --iam agree.
    out.push(`Allow ${dg} to use queues in compartment id ${p.queueCompartmentId}`);
  }
  const objectStorage = `service objectstorage-${p.region}`;
  if (p.kmsKeyId) {
    out.push(`Allow ${objectStorage} to use keys in tenancy where target.key.id = '${p.kmsKeyId}'`);
  }
  if (p.lifecycle) out.push(`Allow ${objectStorage} to manage object-family ${bucket}`);
  const fn = `in compartment id ${p.functionCompartmentId}`;
  out.push(`Allow service cloudEvents to use functions-family ${fn}`);
  // By principal type, not schedule OCID: valid before the schedules exist and after one is re-created.
  const schedules = "where request.principal.type = 'resourceschedule'";
  out.push(`Allow any-user to read fn-function ${fn} ${schedules}`);
  out.push(`Allow any-user to use fn-invocation ${fn} ${schedules}`);
  return out;
}

/**
 * `TUNNELSMITH_LINK_GENERATION`: a digest of what the function may do (its dynamic group rule and statements).
 * A PAR works only while its creator keeps the permission it was made with, so when the group or the policy
 * changes, the function re-creates its links (it compares this value with the one in each connection's state).
 */
export function linkGeneration(p: PolicyInput): string {
  const dg = `dynamic-group ${dynamicGroupName(p.install)} `;
  const own = policyStatements(p).filter((s) => s.includes(dg));
  const digest = createHash("sha256").update([dynamicGroupRule(p.functionCompartmentId), ...own].join("\n"));
  return digest.digest("hex").slice(0, 16);
}

/** What is not confirmed about the statements, and what to do if one does not work; printed with them. */
export const POLICY_NOTES: readonly string[] = [
  "Reading a tunnel's PSK (GetIPSecConnectionTunnelSharedSecret) and Oracle's CPE helper text is covered by `read ipsec-connections` as far as we know (unconfirmed); if either answers 404 while GetIPSecConnection works, grant `use ipsec-connections`.",
  "The rotation statement's permission name IPSEC_CONNECTION_DEVICE_CONFIG_UPDATE is unconfirmed; if UpdateIPSecConnectionTunnelSharedSecret answers 404, grant `manage ipsec-connections` in that compartment instead.",
  "If a `read` on cpes, drgs, drg-attachments or vcns is refused in your tenancy, `read virtual-network-family` in the network compartment covers all of them (broader).",
  "The Resource Scheduler statements (read fn-function, use fn-invocation for principals of type resourceschedule) are unconfirmed; Oracle's example grants `manage functions-family` to one schedule, `request.principal.id = '<schedule OCID>'`, which is narrower but must be edited whenever a schedule is re-created.",
  "The queue statement's verb is unconfirmed: `use queues` is meant to cover GetQueue and PutMessages/GetMessages/UpdateMessage/DeleteMessage(s); if one answers 404, grant `manage queues`; add `where target.queue.id = '<queue OCID>'` once the queue exists to narrow it to that queue.",
  "`Allow service cloudEvents to use functions-family` is the Events service's statement from Oracle's Events documentation, narrowed to the function's compartment.",
  "Notifications needs no policy to deliver alarm messages to the function (ORACLE_FUNCTIONS subscription) as far as we know (unconfirmed).",
  "The dynamic group matches every function in the function's compartment, so it survives a re-deployed function; keep other functions out of that compartment.",
  "A download link (PAR) stops working when its creator loses the permission it was made with: setup --iam sets TUNNELSMITH_LINK_GENERATION whenever the group or policy changes, and the function then re-creates its links. If you change them by hand, set TUNNELSMITH_LINK_GENERATION to a new value yourself.",
  "In a tenancy with identity domains, create the dynamic group in the Default domain (or prefix its name in the statements: 'DomainName'/'tunnelsmith-fn').",
];
