import { ConflictError } from "../../shared/errors.ts";
import { createLogger } from "../../shared/logger.ts";
import type {
  ConfigStore,
  ConnectionState,
  CoreSettings,
  Dependencies,
  Notification,
  SecretRotator,
} from "../../shared/ports.ts";
import { parseSnapshot } from "../../shared/snapshot/parse.ts";
import { type FakeClock, fakeClock } from "../oci/harness.ts";

type Json = Record<string, unknown>;

export const MEMORY_FINGERPRINT_KEY = "memory-world-fingerprint-key-0123456789";

/**
 * One connection and its store kept in memory, for property tests that run the real rotation core thousands of
 * times: the reader serves `raw` (a snapshot the test mutates; reprovisioning takes `reprovisionReads` lifecycle
 * reads), the rotator changes keys in it as OCI does (the tunnel goes DOWN), the store has If-Match
 * semantics. `keyChanges` lists every key change, to check what a run did.
 */
export interface MemoryWorld {
  raw: Json;
  clock: FakeClock;
  keyChanges: { tunnelId: string; run: number }[];
  messages: Notification[];
  logs: string[];
  objects: Map<string, string>;
  run: number;
  reprovisionReads: number;
  deps(deadlineMs?: number): Dependencies;
}

export function memoryWorld(raw: Json, settings: Partial<CoreSettings> = {}): MemoryWorld {
  const clock = fakeClock();
  const reprovisioning = new Map<string, number>();
  const world: MemoryWorld = {
    raw,
    clock,
    keyChanges: [],
    messages: [],
    logs: [],
    objects: new Map(),
    run: 0,
    reprovisionReads: 0,
    deps: (deadlineMs = 120_000) => ({
      network,
      store,
      notifier: {
        publish: async (message) => {
          world.messages.push(message);
          return { messageId: `m${world.messages.length}` };
        },
      },
      rotator,
      clock,
      logger: createLogger({ level: "debug", write: (l) => world.logs.push(l), now: () => clock.now() }),
      settings: { ...SETTINGS, ...settings },
      deadline: new Date(clock.now().getTime() + deadlineMs),
      invocationId: `run-${world.run}`,
    }),
  };
  const tunnels = () => world.raw.tunnels as Json[];
  const connection = () => world.raw.ipsecConnection as Json;
  const secrets = () => world.raw.sharedSecrets as Record<string, string>;

  const network: Dependencies["network"] = {
    async readConnection(connectionId) {
      if (connection().id !== connectionId) return { status: "gone", reason: "unknown" };
      if (connection().lifecycleState === "PROVISIONING") {
        return { status: "pending", reason: "lifecycleState PROVISIONING" };
      }
      const snapshot = parseSnapshot(structuredClone(world.raw), "memory");
      return {
        status: "ready",
        snapshot,
        siblings: [{ connectionId, cpeId: snapshot.cpe.id, timeCreated: undefined, pinnedSlot: undefined }],
      };
    },
    listConnectionsOfCpe: async () => [String(connection().id)],
    readOracleCpeConfig: async () => null,
    sharedSecret: async (_c, tunnelId) => secrets()[tunnelId] ?? null,
    async tunnelLifecycle(_c, tunnelId) {
      const tunnel = tunnels().find((t) => t.id === tunnelId);
      if (!tunnel) return null;
      const left = reprovisioning.get(tunnelId);
      if (left !== undefined) {
        if (left <= 1) {
          reprovisioning.delete(tunnelId);
          tunnel.lifecycleState = "AVAILABLE";
        } else reprovisioning.set(tunnelId, left - 1);
      }
      return String(tunnel.lifecycleState ?? "AVAILABLE");
    },
    listConnections: async () => ({
      connections: [
        {
          id: String(connection().id),
          displayName: null,
          compartmentId: String(connection().compartmentId),
          cpeId: String(connection().cpeId),
          lifecycleState: String(connection().lifecycleState),
          staticRoutes: [],
        },
      ],
      compartments: 1,
    }),
    readLive: async () => {
      throw new Error("the memory world serves no live reads (rotation does not use them)");
    },
  };

  const rotator: SecretRotator = {
    settleMs: 0,
    async setSharedSecret(_connectionId, tunnelId, secret) {
      const tunnel = tunnels().find((t) => t.id === tunnelId);
      if (!tunnel) throw new Error("no such tunnel");
      if (tunnels().some((t) => t.lifecycleState === "PROVISIONING"))
        throw new ConflictError("reprovisioning");
      secrets()[tunnelId] = secret;
      tunnel.status = "DOWN";
      const bgp = tunnel.bgpSessionInfo as Json | null | undefined;
      if (bgp) bgp.bgpState = "DOWN";
      if (world.reprovisionReads > 0) {
        tunnel.lifecycleState = "PROVISIONING";
        reprovisioning.set(tunnelId, world.reprovisionReads);
      }
      world.keyChanges.push({ tunnelId, run: world.run });
    },
  };

  const store = memoryStore(world.objects);
  return world;
}

const SETTINGS: CoreSettings = {
  linkTtlSeconds: 7 * 86400,
  renderEventTypes: [],
  deleteEventTypes: [],
  cpeEventTypes: [],
  defaultVendors: ["libreswan"],
  oracleHelper: "off",
  pskFingerprintKey: MEMORY_FINGERPRINT_KEY,
  defaultTimeoutSeconds: 30,
  pskLength: 32,
} as CoreSettings;

/** A ConfigStore over a Map, with If-Match on state and numbered links. */
function memoryStore(objects: Map<string, string>): ConfigStore {
  let version = 0;
  const states = new Map<string, { state: ConnectionState; etag: string }>();
  const links = new Map<string, string>();
  return {
    async putFile(connectionId, file, meta) {
      const objectName = `connections/${connectionId}/${file.vendor}/${file.name}`;
      objects.set(objectName, file.content);
      return { vendor: file.vendor, name: file.name, objectName, secret: file.secret, ...meta };
    },
    async createLink(file, expiresAt) {
      const id = `link-${++version}`;
      links.set(id, file.objectName);
      return { id, url: `memory://${id}`, expiresAt };
    },
    async revokeLink(id) {
      links.delete(id);
    },
    listLinks: async (connectionId) =>
      [...links].filter(([, o]) => o.includes(connectionId)).map(([id, objectName]) => ({ id, objectName })),
    listFiles: async (connectionId) => [...objects.keys()].filter((o) => o.includes(connectionId)),
    async deleteFile(objectName) {
      objects.delete(objectName);
    },
    async getState(connectionId) {
      const s = states.get(connectionId);
      return s ? { state: structuredClone(s.state), etag: s.etag } : null;
    },
    async putState(connectionId, state, ifMatch) {
      if ((states.get(connectionId)?.etag ?? null) !== ifMatch) throw new ConflictError("state changed");
      const etag = `v${++version}`;
      states.set(connectionId, { state: structuredClone(state), etag });
      objects.set(`connections/${connectionId}/state.json`, JSON.stringify(state));
      return etag;
    },
    async deleteState(connectionId, ifMatch) {
      if (states.get(connectionId)?.etag !== ifMatch) throw new ConflictError("state changed");
      states.delete(connectionId);
    },
  };
}
