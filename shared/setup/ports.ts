import type { DeployedFunction } from "./desired.ts";
import type { FieldChange, FoundResource, ResourceKind, ResourceSpec } from "./types.ts";

/**
 * The ports setup and teardown work through: one small adapter per kind of resource (an OCI service each, see
 * `shared/adapters/oci/setup/`), plus what the environment tells about the tenancy. Specs reach adapters with
 * every reference resolved to an OCID.
 */

/** Where teardown looks for tagged resources. */
export interface TeardownScope {
  install: string;
  compartmentId: string;
  networkCompartmentIds: readonly string[];
  tenancyId: string;
  bucket: string;
}

/** One kind of resource in one service. */
export interface ResourceAdapter {
  /**
   * The existing resource for `spec`: the one carrying the spec's tags, else the one with its name (or, for a
   * subscription, its protocol and endpoint on its topic), else null. Deleted and failed resources do not count.
   */
  find(spec: ResourceSpec): Promise<FoundResource | null>;
  /** Creates it and returns its OCID. */
  create(spec: ResourceSpec): Promise<string>;
  /** A created resource's {@link FoundResource.exports} (only kinds other specs refer to beyond the OCID). */
  exportsOf?(id: string): Promise<Record<string, string>>;
  /** Brings an existing resource to `spec`; `changes` lists what differs (tags included). */
  update(found: FoundResource, spec: ResourceSpec, changes: readonly FieldChange[]): Promise<void>;
  delete(found: FoundResource): Promise<void>;
  /** Teardown: every resource of this kind carrying the install's tags in the scope. */
  listTagged(scope: TeardownScope): Promise<FoundResource[]>;
}

/** The tenancy as seen from where setup runs. */
export interface SetupEnvironment {
  tenancyId: string;
  region: string;
  namespace(): Promise<string>;
  /** The deployed function; a NotFoundError when the OCID does not name one. */
  getFunction(functionId: string): Promise<DeployedFunction>;
  /** The compartment of a topic (the function's TUNNELSMITH_ALERT_JSON_TOPIC_ID); null when it does not exist. */
  topicCompartmentId(topicId: string): Promise<string | null>;
  /** Every active compartment below `compartmentId` (children, their children, …), for `--subcompartments`. */
  listSubcompartments(compartmentId: string): Promise<string[]>;
  /** ResendSubscriptionConfirmation: OCI sends a PENDING subscription's confirmation message again. */
  resendConfirmation(subscriptionId: string): Promise<void>;
}

/** Everything setup needs from the outside world. */
export interface SetupPorts {
  environment: SetupEnvironment;
  adapters: Record<ResourceKind, ResourceAdapter>;
  /**
   * Whether a failed call is worth repeating after a pause: the resource is busy with an earlier change (OCI's
   * 409 IncorrectState, e.g. a topic still being created when its subscription is added).
   */
  isBusy(error: unknown): boolean;
}
