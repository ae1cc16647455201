/**
 * The vocabulary of `tunnelsmith setup` / `teardown`: the resources tunnelsmith manages in a tenancy, what setup
 * wants each of them to look like (a {@link ResourceSpec}), what it found ({@link FoundResource}), and what it will
 * do about the difference (an {@link Action}). Pure data: the planner compares, adapters talk to OCI.
 */

/** The kinds of resource setup manages, in no particular order (the order of work is in `desired.ts`). */
export type ResourceKind =
  | "bucket"
  | "topic"
  | "subscription"
  | "function"
  | "schedule"
  | "dynamic-group"
  | "policy"
  | "rule"
  | "alarm"
  /** The config bucket's lifecycle rule (old object versions deleted). */
  | "lifecycle"
  /** The sharded sweep's work queue (`--queue`). */
  | "queue";

/**
 * A JSON-like value of a field. A string may contain `{{ref:KEY}}` tokens: the OCID of the resource with that key,
 * known only once it exists (see `refs.ts`).
 */
export type SpecValue = string | number | boolean | null | SpecValue[] | { [key: string]: SpecValue };

/** How the planner treats one field. */
export interface FieldOptions {
  /** Never shown (plan output, errors): a generated key. */
  secret?: boolean;
  /** Set only when the resource has no usable value yet; an existing value is kept (a generated key). */
  onlyIfMissing?: boolean;
  /** Shown as scheme and host only (a webhook URL whose path is a credential). */
  showOrigin?: boolean;
}

/** What setup wants one resource to look like. */
export interface ResourceSpec {
  /** Stable, unique key, e.g. `topic:alerts`, `rule:<compartment OCID>`; refs name it. */
  key: string;
  kind: ResourceKind;
  /** Name (or display name) it is created with and found by when it carries no tags yet. */
  name: string;
  compartmentId: string;
  /** One line for the plan: what this resource is for. */
  purpose: string;
  /** The fields setup compares and sets. Fields of the resource not listed here are left alone. */
  fields: Record<string, SpecValue>;
  fieldOptions?: Record<string, FieldOptions>;
  /** Freeform tags that mark it as tunnelsmith's (teardown finds resources by them). Empty: not tagged. */
  tags: Record<string, string>;
  /** The OCID when the resource is given rather than found (the deployed function). */
  id?: string;
  /** False for resources setup only configures and never creates or deletes (the function). */
  creatable: boolean;
  /** False for resources that cannot change once created (a subscription: protocol and endpoint). */
  mutable: boolean;
  /**
   * `present` (default): create or update it. `absent`: delete it if it exists (rotation turned off). `observed`:
   * only look (rotation not mentioned: a schedule from an earlier run stays as it is).
   */
  ensure?: "present" | "absent" | "observed";
}

/** A lifecycle rule as setup writes and compares it. */
export type LifecycleRuleFields = {
  name: string;
  target: "objects" | "previous-object-versions" | "multipart-uploads";
  action: "DELETE" | "ARCHIVE" | "INFREQUENT_ACCESS" | "ABORT";
  timeAmount: number;
  timeUnit: "DAYS" | "YEARS";
  isEnabled: boolean;
};

/**
 * The fields setup sets, per kind: what each spec builder must produce. (Type aliases, not interfaces, so each is
 * assignable to {@link ResourceSpec.fields}; `{{ref:KEY}}` strings stand where an OCID goes.)
 */
export type SpecFieldsByKind = {
  bucket: { publicAccessType: "NoPublicAccess"; versioning: "Enabled"; kmsKeyId?: string };
  topic: Record<string, never>;
  subscription: { topicId: string; protocol: string; endpoint: string };
  /** `config.<KEY>` for each configuration key, plus the detached-invocation limit. */
  function: { detachedModeTimeoutInSeconds: number } & { [configKey: `config.${string}`]: string };
  schedule:
    | Record<string, never>
    | {
        action: "START_RESOURCE";
        recurrenceType: "CRON";
        recurrenceDetails: string;
        resources: {
          id: string;
          parameters: { parameterType: "BODY"; value: { [key: string]: SpecValue } }[];
        }[];
      };
  "dynamic-group": { matchingRule: string };
  policy: { statements: string[] };
  rule: {
    condition: string;
    isEnabled: boolean;
    actions: { actionType: "FAAS"; isEnabled: boolean; functionId: string }[];
  };
  alarm: {
    namespace: "oci_vpn";
    metricCompartmentId: string;
    metricCompartmentIdInSubtree: boolean;
    query: string;
    resolution: "1m";
    pendingDuration: string;
    severity: "CRITICAL";
    isNotificationsPerMetricDimensionEnabled: boolean;
    destinations: string[];
    messageFormat: "RAW";
    isEnabled: boolean;
    body: string;
  };
  lifecycle: { bucket: string; rule: LifecycleRuleFields };
  queue: { deadLetterQueueDeliveryCount: number; visibilityInSeconds: number; retentionInSeconds: number };
};

/** A spec whose fields are checked against its kind's shape; it is a {@link ResourceSpec}. */
export type TypedSpec<K extends ResourceKind> = Omit<ResourceSpec, "kind" | "fields"> & {
  kind: K;
  fields: SpecFieldsByKind[K];
};

/** Checks a spec literal against its kind's fields (the kind is inferred from `kind`). */
export function typed<K extends ResourceKind>(spec: TypedSpec<K>): TypedSpec<K> {
  return spec;
}

/** A resource as found in the tenancy, its fields normalised to the shape of {@link ResourceSpec.fields}. */
export interface FoundResource {
  id: string;
  kind: ResourceKind;
  name: string;
  compartmentId: string;
  fields: Record<string, SpecValue>;
  tags: Record<string, string>;
  lifecycleState: string | null;
  /** How it was recognised: by tunnelsmith's tags, by name, or by a given OCID. */
  matchedBy: "tag" | "name" | "id";
  /**
   * Values other specs refer to besides the OCID, as `{{ref:<key>:<name>}}` (the queue's messages endpoint, which
   * the function needs and only the queue knows).
   */
  exports?: Record<string, string>;
  /** OCIDs of other resources that matched the same spec (left alone; the plan warns about them). */
  duplicates?: string[];
}

/** Found resources by spec key; a missing key means "does not exist". */
export type FoundState = ReadonlyMap<string, FoundResource>;

/** One field that differs between the spec and what exists. */
export interface FieldChange {
  field: string;
  /** The current value; undefined when the resource does not have the field (or does not exist). */
  from: SpecValue | undefined;
  to: SpecValue;
  options: FieldOptions;
}

/** What setup or teardown does with one resource. */
export interface Action {
  /** `keep`: exists as wanted; `skip`: cannot or will not act (the reason says why). */
  type: "create" | "update" | "keep" | "delete" | "skip";
  key: string;
  kind: ResourceKind;
  name: string;
  compartmentId: string;
  /** The resource's OCID when it exists. */
  id: string | null;
  /** For create: every field set; for update: the fields that change. */
  changes: FieldChange[];
  reason?: string;
}

/** The ordered actions and anything the operator should know before applying them. */
export interface Plan {
  actions: Action[];
  warnings: string[];
}
