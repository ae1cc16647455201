import { http } from "msw";
import type { FakeOci, Json } from "./fake-oci.ts";
import { type FakeResolver, ociError, ok, signed } from "./respond.ts";

const NOT_FOUND = () => ociError(404, "NotAuthorizedOrNotFound", "function not found or not authorized");

/**
 * Functions management (`FunctionsManagementClient`, `/20181201`): read a function, update its configuration.
 * UpdateFunction replaces the whole config map, as OCI does; keys must be letters, digits and underscores; the
 * detached-invocation timeout is 3600 s at most.
 */
export function functionsHandlers(fake: FakeOci, origin: string) {
  const base = `${origin}/20181201/functions`;
  const cp = fake.control;
  const svc = (resolver: FakeResolver) => signed(fake, "functions", resolver);

  return [
    http.get(
      `${base}/:id`,
      svc(({ params }) => {
        const fn = cp.functions.get(params.id ?? "");
        return fn ? ok(fn, { etag: fake.newEtag() }) : NOT_FOUND();
      }),
    ),
    http.put(
      `${base}/:id`,
      svc(({ params, body }) => {
        const fn = cp.functions.get(params.id ?? "");
        if (!fn) return NOT_FOUND();
        const d = JSON.parse(body) as Json;
        if (d.config !== undefined) {
          const config = d.config as Record<string, unknown>;
          for (const [k, v] of Object.entries(config)) {
            if (!/^[A-Za-z0-9_]+$/.test(k) || typeof v !== "string")
              return ociError(400, "InvalidParameter", `config key ${k} is not valid`);
          }
          fn.config = { ...config };
        }
        if (d.detachedModeTimeoutInSeconds !== undefined) {
          const t = d.detachedModeTimeoutInSeconds;
          if (typeof t !== "number" || !Number.isInteger(t) || t < 1 || t > 3600)
            return ociError(400, "InvalidParameter", "detachedModeTimeoutInSeconds must be 1..3600");
          fn.detachedModeTimeoutInSeconds = t;
        }
        return ok(fn, { etag: fake.newEtag() });
      }),
    ),
  ];
}
