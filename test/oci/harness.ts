import { afterAll, afterEach, beforeAll, beforeEach, expect, vi } from "vitest";
import { createHandler, type FunctionHandler, type HandlerResult } from "../../functions/handler.ts";
import { createOciDependencyFactory } from "../../shared/adapters/oci/index.ts";
import type { ProvisioningWait } from "../../shared/adapters/oci/network-reader.ts";
import { loadSettings, type Settings } from "../../shared/config/settings.ts";
import { createLogger } from "../../shared/logger.ts";
import type { Clock } from "../../shared/ports.ts";
import { rawSnapshot } from "../helpers/samples.ts";
import { FakeOci } from "../msw/fake-oci.ts";
import { testIdentity } from "../msw/keys.ts";
import { createOciServer, MSW_ORIGINS, ociHandlers } from "../msw/server.ts";

export const BUCKET = "tunnelsmith-configs";
export const TOPIC = "ocid1.onstopic.oc1.ap-tokyo-1.aaaaaaaatesttopic";
export const FINGERPRINT_KEY = "test-only-fingerprint-key-0123456789abcdef";
export const T0 = new Date("2026-11-22T05:00:00.000Z");

/** A clock tests move: `sleep` advances it instead of waiting. */
export interface FakeClock extends Clock {
  advance(ms: number): void;
  /**
   * Real milliseconds each `sleep` also yields (default 0: none). Concurrency tests set it, so a waiting
   * invocation lets the other one make progress instead of running through fake time in one go.
   */
  yieldMs: number;
}

export function fakeClock(start: Date = T0): FakeClock {
  let t = start.getTime();
  const clock: FakeClock = {
    yieldMs: 0,
    now: () => new Date(t),
    sleep: async (ms) => {
      t += ms;
      if (clock.yieldMs > 0) await new Promise((resolve) => setTimeout(resolve, clock.yieldMs));
    },
    advance: (ms) => {
      t += ms;
    },
  };
  return clock;
}

/** The function's configuration in OCI mode, pointed at the msw origins with the test key. */
export function ociEnv(
  overrides: Record<string, string | undefined> = {},
): Record<string, string | undefined> {
  return {
    TUNNELSMITH_MODE: "oci",
    TUNNELSMITH_BUCKET: BUCKET,
    TUNNELSMITH_TOPIC_ID: TOPIC,
    TUNNELSMITH_PSK_FINGERPRINT_KEY: FINGERPRINT_KEY,
    // Deterministic retries: no waiting between attempts.
    TUNNELSMITH_RETRY_MAX_DELAY_SECONDS: "0",
    OCI_CONFIG_FILE: testIdentity().configFile,
    TUNNELSMITH_ENDPOINT_IAAS: MSW_ORIGINS.iaas,
    TUNNELSMITH_ENDPOINT_OBJECTSTORAGE: MSW_ORIGINS.objectStorage,
    TUNNELSMITH_ENDPOINT_NOTIFICATIONS: MSW_ORIGINS.notifications,
    ...overrides,
  };
}

export interface Harness {
  fake: FakeOci;
  clock: FakeClock;
  /** Every log line the function wrote (JSON). */
  logs: string[];
  /** Everything the SDK printed through console.* (its retry warnings). */
  consoleLines: string[];
  server: ReturnType<typeof createOciServer>;
  /** A handler on the OCI adapters, built from `ociEnv(env)`. */
  handler(env?: Record<string, string | undefined>, wait?: ProvisioningWait): FunctionHandler;
  /** Runs one payload through a handler (default env), with a deadline two minutes out. */
  invoke(
    input: unknown,
    options?: { handler?: FunctionHandler; callId?: string; deadlineMs?: number },
  ): Promise<HandlerResult>;
  /** Seeds a sample snapshot from events/snapshots into the fake. */
  seed(name: string, edit?: (raw: Record<string, unknown>) => void): ReturnType<FakeOci["seedSnapshot"]>;
}

/**
 * Installs the msw server and a fresh fake OCI for every test of the file, and checks after every test that
 * every request carried a valid signature and that no PSK the fake ever held appears in a log line, in the SDK's
 * console output, in a published message or in any `state.json` ever written.
 */
export function useOciHarness(): Harness {
  const identity = testIdentity();
  const h = {
    fake: new FakeOci(identity),
    clock: fakeClock(),
    logs: [] as string[],
    consoleLines: [] as string[],
  } as Harness;
  h.server = createOciServer(h.fake, () => h.clock.now());

  h.handler = (env = {}, wait?: ProvisioningWait) => {
    const settings: Settings = loadSettings(ociEnv(env));
    const logger = createLogger({
      level: "debug",
      write: (line) => h.logs.push(line),
      now: () => h.clock.now(),
    });
    return createHandler(
      createOciDependencyFactory(settings, {
        logger,
        clock: h.clock,
        ...(wait ? { provisioningWait: wait } : {}),
      }),
    );
  };
  // One handler per test, like one warm container: later calls reuse its clients and namespace lookup.
  let containerHandler: FunctionHandler | undefined;
  h.invoke = (input, options = {}) => {
    if (containerHandler === undefined) containerHandler = h.handler();
    return (options.handler ?? containerHandler)(input, {
      callID: options.callId ?? "01OCITESTCALL",
      deadline: new Date(h.clock.now().getTime() + (options.deadlineMs ?? 120_000)),
    });
  };
  h.seed = (name, edit) => {
    const raw = rawSnapshot(name);
    edit?.(raw);
    return h.fake.seedSnapshot(raw);
  };

  beforeAll(() => h.server.listen({ onUnhandledRequest: "error" }));
  beforeEach(() => {
    h.fake = new FakeOci(identity);
    h.fake.addBucket(BUCKET);
    h.fake.topics.add(TOPIC);
    h.clock = fakeClock();
    containerHandler = undefined;
    h.logs.length = 0;
    h.consoleLines.length = 0;
    h.server.resetHandlers(...ociHandlers(h.fake, () => h.clock.now()));
    for (const method of ["log", "info", "warn", "error"] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        h.consoleLines.push(args.map(String).join(" "));
      });
    }
  });
  afterEach(() => {
    const unsigned = h.fake.requests.filter((r) => r.signatureProblem !== null);
    expect(unsigned, "every request carries a valid OCI signature for the test key").toEqual([]);
    expectNoPskLeak(h);
  });
  afterAll(() => h.server.close());
  return h;
}

/** No PSK in any log line, console line, published message or `state.json` ever written. */
export function expectNoPskLeak(h: Pick<Harness, "fake" | "logs" | "consoleLines">): void {
  const places: [string, string][] = [
    ...h.logs.map((l, i): [string, string] => [`log line ${i}`, l]),
    ...h.consoleLines.map((l, i): [string, string] => [`console line ${i}`, l]),
    ...h.fake.messages.map((m, i): [string, string] => [`message ${i}`, `${m.title}\n${m.body}`]),
    ...h.fake.putHistory
      .filter((p) => p.objectName.endsWith("/state.json"))
      .map((p, i): [string, string] => [`state.json write ${i}`, p.body]),
  ];
  for (const psk of h.fake.allSecrets) {
    const leaks = places.filter(([, text]) => text.includes(psk)).map(([where]) => where);
    expect(leaks, "a PSK appeared where it must not").toEqual([]);
  }
}

/** Sample events, by file name without `.json`, with a fresh `eventID` when asked. */
export { loadEvent } from "../helpers/samples.ts";
