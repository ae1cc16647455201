import type { Json } from "./fake-oci.ts";

/**
 * The control-plane side of the fake OCI that `tunnelsmith setup` talks to: Notifications topics (with their
 * details; `FakeOci.topics` keeps the ids publishing checks), subscriptions, Events rules, Monitoring alarms,
 * Resource Scheduler schedules, deployed functions, and IAM dynamic groups and policies. One map per resource
 * type, keyed by OCID, holding the resource as the API returns it.
 */
export class FakeControlPlane {
  tenancyId = "ocid1.tenancy.oc1..aaaaaaaatestenancy";
  homeRegion = "ap-tokyo-1";
  topics = new Map<string, Json>();
  subscriptions = new Map<string, Json>();
  rules = new Map<string, Json>();
  alarms = new Map<string, Json>();
  schedules = new Map<string, Json>();
  functions = new Map<string, Json>();
  dynamicGroups = new Map<string, Json>();
  policies = new Map<string, Json>();
  /** Object Storage lifecycle policies by bucket name. */
  lifecyclePolicies = new Map<string, Json>();
  /** Whether Object Storage's service principal may manage the buckets' objects (the lifecycle policy needs it). */
  objectStorageServiceAllowed = true;
  private counter = 0;

  /** A fresh OCID of `type` (regional unless `global`, as IAM's are). */
  newId(type: string, global = false): string {
    this.counter += 1;
    const region = global ? "" : this.homeRegion;
    return `ocid1.${type}.oc1.${region}.aaaaaaaafake${type}${String(this.counter).padStart(4, "0")}`;
  }

  /** A deployed function, as `fn deploy` leaves it. */
  addFunction(options: {
    compartmentId: string;
    name?: string;
    config?: Record<string, string>;
    timeoutInSeconds?: number;
    memoryInMBs?: number;
  }): string {
    const id = this.newId("fnfunc");
    this.functions.set(id, {
      id,
      displayName: options.name ?? "tunnelsmith",
      applicationId: this.newId("fnapp"),
      compartmentId: options.compartmentId,
      lifecycleState: "ACTIVE",
      image: "nrt.ocir.io/ns/tunnelsmith/tunnelsmith:0.1.0",
      memoryInMBs: options.memoryInMBs ?? 256,
      timeoutInSeconds: options.timeoutInSeconds ?? 120,
      config: { ...(options.config ?? {}) },
      freeformTags: {},
    });
    return id;
  }

  /** Every resource of every type, for counting and for "nothing left behind" checks. */
  all(): Json[] {
    return [
      ...this.topics.values(),
      ...this.subscriptions.values(),
      ...this.rules.values(),
      ...this.alarms.values(),
      ...this.schedules.values(),
      ...this.dynamicGroups.values(),
      ...this.policies.values(),
      ...this.lifecyclePolicies.values(),
    ];
  }
}
