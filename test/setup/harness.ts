import { http, type RequestHandler } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, expect, vi } from "vitest";
import type { CliIo } from "../../cli/io.ts";
import { runCli } from "../../cli/main.ts";
import { FakeOci, type RecordedRequest } from "../msw/fake-oci.ts";
import { testIdentity } from "../msw/keys.ts";
import { ociError, signed } from "../msw/respond.ts";
import { MSW_ORIGINS, ociHandlers } from "../msw/server.ts";
import { SETUP_ORIGINS, setupHandlers } from "../msw/setup-server.ts";

export const COMPARTMENT = "ocid1.compartment.oc1..aaaaaaaatunnelsmithhome";
export const NETWORK = "ocid1.compartment.oc1..aaaaaaaanetworkcompartment";
export const BUCKET = "tunnelsmith-configs";

/** What one CLI run printed and returned. */
export interface CliRun {
  code: number;
  out: string[];
  err: string[];
  /** stdout as one string. */
  text: string;
}

export interface SetupHarness {
  fake: FakeOci;
  functionId: string;
  /** Everything the SDK printed through console.*. */
  consoleLines: string[];
  server: ReturnType<typeof setupServer>;
  /** `tunnelsmith <argv…>` with the test key and every endpoint pointed at the fake. */
  cli(argv: readonly string[], env?: Record<string, string | undefined>): Promise<CliRun>;
  /** `tunnelsmith setup` with the usual flags plus `extra`. */
  setup(extra?: readonly string[], env?: Record<string, string | undefined>): Promise<CliRun>;
  /** Requests other than reads since index `from` (method, service, path). */
  writesSince(from: number): string[];
  /** A fault for the first `times` requests to `method url` (signature still checked). */
  fault(
    service: RecordedRequest["service"],
    method: "get" | "post" | "put" | "delete",
    url: string,
    status: number,
    code: string,
    times?: number,
  ): RequestHandler;
}

/** The environment the CLI gets: the test key's config file and every OCI endpoint on the msw origins. */
export function setupEnv(
  overrides: Record<string, string | undefined> = {},
): Record<string, string | undefined> {
  return {
    OCI_CONFIG_FILE: testIdentity().configFile,
    TUNNELSMITH_RETRY_MAX_DELAY_SECONDS: "0",
    TUNNELSMITH_ENDPOINT_OBJECTSTORAGE: MSW_ORIGINS.objectStorage,
    TUNNELSMITH_ENDPOINT_NOTIFICATIONS: MSW_ORIGINS.notifications,
    TUNNELSMITH_ENDPOINT_IAAS: MSW_ORIGINS.iaas,
    TUNNELSMITH_ENDPOINT_IDENTITY: SETUP_ORIGINS.identity,
    TUNNELSMITH_ENDPOINT_EVENTS: SETUP_ORIGINS.events,
    TUNNELSMITH_ENDPOINT_MONITORING: SETUP_ORIGINS.monitoring,
    TUNNELSMITH_ENDPOINT_RESOURCE_SCHEDULER: SETUP_ORIGINS.resourceScheduler,
    TUNNELSMITH_ENDPOINT_FUNCTIONS: SETUP_ORIGINS.functions,
    TUNNELSMITH_ENDPOINT_QUEUE_ADMIN: SETUP_ORIGINS.queueAdmin,
    ...overrides,
  };
}

/**
 * A fresh fake tenancy per test with one deployed function (as `fn deploy` leaves it: no configuration), the
 * msw server over every OCI service setup uses, and after every test the check that every request carried a
 * valid signature.
 */
export function useSetupHarness(): SetupHarness {
  const identity = testIdentity();
  const h = { fake: new FakeOci(identity), consoleLines: [] as string[] } as SetupHarness;
  const handlers = () => [...setupHandlers(h.fake), ...ociHandlers(h.fake, () => new Date())];
  h.server = setupServer(...handlers());

  h.cli = async (argv, env = {}) => {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), env: setupEnv(env) };
    const code = await runCli(argv, io);
    return { code, out, err, text: out.join("\n") };
  };
  h.setup = (extra = [], env = {}) =>
    h.cli(["setup", "--compartment", COMPARTMENT, "--function-id", h.functionId, ...extra], env);
  h.writesSince = (from) =>
    h.fake.requests
      .slice(from)
      .filter((r) => r.method !== "GET")
      .map((r) => `${r.method} ${r.service} ${r.path}`);
  h.fault = (service, method, url, status, code, times = 1) => {
    let left = times;
    return http[method](
      url,
      signed(h.fake, service, () => {
        if (left <= 0) return undefined;
        left -= 1;
        return ociError(status, code, `injected ${status} for the test`);
      }),
    );
  };

  beforeAll(() => h.server.listen({ onUnhandledRequest: "error" }));
  beforeEach(() => {
    h.fake = new FakeOci(identity);
    h.functionId = h.fake.control.addFunction({ compartmentId: COMPARTMENT });
    h.consoleLines.length = 0;
    h.server.resetHandlers(...handlers());
    for (const method of ["log", "info", "warn", "error"] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        h.consoleLines.push(args.map(String).join(" "));
      });
    }
  });
  afterEach(() => {
    const unsigned = h.fake.requests.filter((r) => r.signatureProblem !== null);
    expect(unsigned, "every request carries a valid OCI signature for the test key").toEqual([]);
  });
  afterAll(() => h.server.close());
  return h;
}
