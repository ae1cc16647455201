import { randomUUID } from "node:crypto";
import { FakeControlPlane } from "./fake-control-plane.ts";
import { FaultList } from "./faults.ts";
import type { TestIdentity } from "./keys.ts";

/** A JSON object as the OCI API returns it. */
export type Json = Record<string, unknown>;

export interface FakeObject {
  body: string;
  etag: string;
  contentType: string;
  meta: Record<string, string>;
  kmsKeyId: string | null;
}

export interface FakePar {
  id: string;
  name: string;
  objectName: string;
  accessType: string;
  timeExpires: string;
  timeCreated: string;
  accessUri: string;
  /** AnyObjectRead only: `Deny` or `ListObjects`. */
  bucketListingAction?: string;
}

export interface FakeBucket {
  name: string;
  publicAccessType: string;
  objects: Map<string, FakeObject>;
  pars: Map<string, FakePar>;
  /** Bucket settings that setup manages (test/msw/objectstorage-buckets.ts); absent on buckets tests add. */
  id?: string;
  compartmentId?: string;
  versioning?: string;
  kmsKeyId?: string | null;
  freeformTags?: Record<string, string>;
}

/** A Vault secret: its versions' contents decoded, oldest first. */
export interface FakeVaultSecret {
  id: string;
  secretName: string;
  compartmentId: string;
  vaultId: string;
  keyId: string;
  versions: string[];
}

/** One request the fake answered (after its signature was checked). */
export interface RecordedRequest {
  service:
    | "core"
    | "objectstorage"
    | "ons"
    | "identity"
    | "events"
    | "monitoring"
    | "resourcescheduler"
    | "functions"
    | "vault"
    | "queue";
  method: string;
  /** Path without the API version prefix, object names decoded, e.g. `/n/ns/b/bucket/o/connections/…`. */
  path: string;
  status: number;
  /** Null when the signature verified; otherwise what was wrong (the fake answered 401). */
  signatureProblem: string | null;
}

export interface PublishedMessage {
  topicId: string;
  title: string;
  body: string;
  messageId: string;
}

/**
 * The in-memory OCI the msw handlers and the node:http fake serve: networking resources, one Object Storage
 * namespace with buckets, PARs, and Notifications topics. Tests seed it from the sample snapshots and assert on
 * what it holds and which requests it saw.
 */
export class FakeOci {
  readonly identity: TestIdentity;
  namespace = "tsfakens";
  connections = new Map<string, Json>();
  tunnels = new Map<string, Json[]>();
  secrets = new Map<string, string>();
  cpes = new Map<string, Json>();
  shapes = new Map<string, Json>();
  /** `GetIpsecCpeDeviceConfigContent` text per connection (only for CPEs with a device shape). */
  helperConfigs = new Map<string, string>();
  drgs = new Map<string, Json>();
  drgAttachments: Json[] = [];
  vcns = new Map<string, Json>();
  /** Compartments below the tenancy (`id`, parent `compartmentId`, `lifecycleState`), for ListCompartments. */
  compartments: Json[] = [];
  buckets = new Map<string, FakeBucket>();
  /** Notifications topics that exist. */
  topics = new Set<string>();
  /** Control-plane resources `tunnelsmith setup` manages (topics' details, rules, alarms, schedules, …). */
  control = new FakeControlPlane();
  messages: PublishedMessage[] = [];
  requests: RecordedRequest[] = [];
  /** Every object body ever written, in order (a PSK check must also see overwritten `state.json`s). */
  putHistory: { objectName: string; body: string }[] = [];
  /** Requests made through PAR URLs (test/msw/objectstorage-par.ts), in order. */
  parRequests: { method: "GET" | "PUT"; parId: string; objectName: string }[] = [];
  /** Every PSK the fake ever held. */
  allSecrets = new Set<string>();
  /** Reads of a connection left before it turns AVAILABLE (and its tunnels get their vpnIp). */
  provisioningReads = new Map<string, { reads: number; vpnIps: string[] }>();
  /** Items per page in list calls (small values exercise pagination). */
  pageSize = 1000;
  /** Vault secrets (PSK rotation's optional copy), by id; `versions` holds the decoded contents, oldest first. */
  vaultSecrets = new Map<string, FakeVaultSecret>();
  /** PSK rotation: `GetIPSecConnectionTunnel` reads a tunnel stays PROVISIONING after its key changed. */
  reprovisionReads = 2;
  /** Tunnels reprovisioning after a key change, with the reads left before they are AVAILABLE again. */
  reprovisioning = new Map<string, number>();
  /** Per-test faults every endpoint applies (test/msw/faults.ts): answer before, answer after, or hang. */
  faults = new FaultList();

  constructor(identity: TestIdentity) {
    this.identity = identity;
  }

  /** Adds a bucket (default: private). */
  addBucket(name: string, publicAccessType = "NoPublicAccess"): FakeBucket {
    const bucket: FakeBucket = { name, publicAccessType, objects: new Map(), pars: new Map() };
    this.buckets.set(name, bucket);
    return bucket;
  }

  setSecret(tunnelId: string, psk: string): void {
    this.secrets.set(tunnelId, psk);
    this.allSecrets.add(psk);
  }

  /**
   * Seeds everything a sample snapshot describes: the connection (site facts become `tunnelsmith-*` tags: device
   * facts on the CPE, vendors and slot on the connection), its tunnels and PSKs, the CPE, and a DRG with one
   * attached VCN holding the Oracle-side CIDRs.
   */
  seedSnapshot(raw: Json): { connectionId: string; cpeId: string; tunnelIds: string[]; psks: string[] } {
    const connection = structuredClone(raw.ipsecConnection as Json);
    const cpe = structuredClone(raw.cpe as Json);
    const tunnels = structuredClone(raw.tunnels as Json[]);
    const site = (raw.site ?? {}) as Json;
    const { cpeTags, connectionTags } = siteToTags(site);
    cpe.freeformTags = { ...((cpe.freeformTags as Json | undefined) ?? {}), ...cpeTags };
    connection.freeformTags = { ...((connection.freeformTags as Json | undefined) ?? {}), ...connectionTags };
    const connectionId = String(connection.id);
    this.connections.set(connectionId, connection);
    this.tunnels.set(connectionId, tunnels);
    this.cpes.set(String(cpe.id), cpe);
    const secrets = raw.sharedSecrets as Record<string, string>;
    for (const [tunnelId, psk] of Object.entries(secrets)) this.setSecret(tunnelId, psk);

    const drgId = String(connection.drgId);
    if (!this.drgs.has(drgId)) this.drgs.set(drgId, { id: drgId, compartmentId: connection.compartmentId });
    const cidrs = (raw.oracleCidrs ?? []) as string[];
    if (cidrs.length > 0) {
      const vcnId = `ocid1.vcn.oc1.ap-tokyo-1.fakevcn${this.vcns.size + 1}`;
      this.vcns.set(vcnId, {
        id: vcnId,
        cidrBlock: cidrs[0],
        cidrBlocks: cidrs,
        compartmentId: connection.compartmentId,
      });
      this.drgAttachments.push({
        id: `ocid1.drgattachment.oc1.ap-tokyo-1.fake${this.drgAttachments.length + 1}`,
        compartmentId: connection.compartmentId,
        drgId,
        lifecycleState: "ATTACHED",
        networkDetails: { type: "VCN", id: vcnId },
      });
    }
    return {
      connectionId,
      cpeId: String(cpe.id),
      tunnelIds: tunnels.map((t) => String(t.id)),
      psks: Object.values(secrets),
    };
  }

  /** Makes the connection read as PROVISIONING (tunnels without vpnIp) for the next `reads` reads. */
  provisionSlowly(connectionId: string, reads: number): void {
    const tunnels = this.tunnels.get(connectionId) ?? [];
    this.provisioningReads.set(connectionId, { reads, vpnIps: tunnels.map((t) => String(t.vpnIp)) });
    const connection = this.connections.get(connectionId);
    if (connection) connection.lifecycleState = "PROVISIONING";
    for (const t of tunnels) delete t.vpnIp;
  }

  /** Called on every GetIPSecConnection: counts down a slow provisioning and completes it. */
  onConnectionRead(connectionId: string): void {
    const slow = this.provisioningReads.get(connectionId);
    if (!slow) return;
    slow.reads -= 1;
    if (slow.reads > 0) return;
    this.provisioningReads.delete(connectionId);
    const connection = this.connections.get(connectionId);
    if (connection) connection.lifecycleState = "AVAILABLE";
    (this.tunnels.get(connectionId) ?? []).forEach((t, i) => {
      t.vpnIp = slow.vpnIps[i];
    });
  }

  /** Deletes a connection as OCI does: it reads as TERMINATED (or 404 with `gone`). */
  deleteConnection(connectionId: string, gone = false): void {
    if (gone) {
      this.connections.delete(connectionId);
      this.tunnels.delete(connectionId);
      return;
    }
    const connection = this.connections.get(connectionId);
    if (connection) connection.lifecycleState = "TERMINATED";
  }

  /**
   * `UpdateIPSecConnectionTunnelSharedSecret` as OCI behaves: the tunnel goes down and reprovisions (PROVISIONING
   * for `reprovisionReads` reads), and the connection accepts no other change meanwhile (`conflict`).
   */
  changeSecret(connectionId: string, tunnelId: string, psk: string): "ok" | "conflict" | "not-found" {
    const tunnels = this.tunnels.get(connectionId);
    const tunnel = tunnels?.find((t) => t.id === tunnelId);
    if (!tunnels || !tunnel || !this.connections.has(connectionId)) return "not-found";
    if (tunnels.some((t) => this.reprovisioning.has(String(t.id)))) return "conflict";
    this.setSecret(tunnelId, psk);
    tunnel.status = "DOWN";
    const bgp = tunnel.bgpSessionInfo as Json | null | undefined;
    if (bgp) bgp.bgpState = "DOWN";
    if (this.reprovisionReads > 0) {
      tunnel.lifecycleState = "PROVISIONING";
      this.reprovisioning.set(tunnelId, this.reprovisionReads);
    }
    return "ok";
  }

  /** Called on every GetIPSecConnectionTunnel: counts down a reprovisioning tunnel and completes it. */
  onTunnelRead(connectionId: string, tunnelId: string): void {
    const left = this.reprovisioning.get(tunnelId);
    if (left === undefined) return;
    if (left > 1) {
      this.reprovisioning.set(tunnelId, left - 1);
      return;
    }
    this.reprovisioning.delete(tunnelId);
    const tunnel = this.tunnels.get(connectionId)?.find((t) => t.id === tunnelId);
    if (tunnel) tunnel.lifecycleState = "AVAILABLE";
  }

  record(request: RecordedRequest): void {
    this.requests.push(request);
  }

  /** Requests matching a method and a path pattern. */
  requestsTo(method: string, path: RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && path.test(r.path));
  }

  newEtag(): string {
    return `"${randomUUID()}"`;
  }
}

/** The tag keys tunnelsmith reads (see shared/adapters/oci/site-tags.ts), filled from a snapshot's site block. */
function siteToTags(site: Json): { cpeTags: Record<string, string>; connectionTags: Record<string, string> } {
  const cpeTags: Record<string, string> = {};
  const connectionTags: Record<string, string> = {};
  const put = (target: Record<string, string>, key: string, value: unknown) => {
    if (value === undefined) return;
    target[key] = Array.isArray(value) ? value.join(",") : String(value);
  };
  put(cpeTags, "tunnelsmith-local-ip", site.localIp);
  put(cpeTags, "tunnelsmith-wan-mtu", site.wanMtu);
  put(cpeTags, "tunnelsmith-wan-interface", site.wanInterface);
  put(cpeTags, "tunnelsmith-lan-interface", site.lanInterface);
  put(cpeTags, "tunnelsmith-lan-gateway", site.lanGateway);
  put(cpeTags, "tunnelsmith-interface-prefix", site.interfacePrefix);
  put(connectionTags, "tunnelsmith-vendors", site.vendors);
  put(connectionTags, "tunnelsmith-bgp-advertise", site.bgpAdvertise);
  put(connectionTags, "tunnelsmith-slot", site.slot);
  return { cpeTags, connectionTags };
}
