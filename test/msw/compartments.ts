import { http } from "msw";
import type { FakeOci, Json } from "./fake-oci.ts";
import { ociError, ok, page, signed } from "./respond.ts";

/**
 * Identity's `ListCompartments` (`IdentityClient`, `/20160918/compartments`) over `fake.compartments`, for the
 * sweep's `includeSubcompartments`. As in OCI, `compartmentIdInSubtree=true` is only accepted on the tenancy
 * (then every compartment below it is listed); otherwise only direct children are. Pages by `fake.pageSize`.
 */
export function compartmentHandlers(fake: FakeOci, origin: string) {
  return [
    http.get(
      `${origin}/20160918/compartments`,
      signed(fake, "identity", ({ request }) => {
        const q = new URL(request.url).searchParams;
        const parent = q.get("compartmentId") ?? "";
        const subtree = q.get("compartmentIdInSubtree") === "true";
        if (subtree && !parent.startsWith("ocid1.tenancy.")) {
          return ociError(400, "InvalidParameter", "compartmentIdInSubtree is only allowed on the tenancy");
        }
        const state = q.get("lifecycleState");
        const all = (
          subtree ? descendants(fake.compartments, parent) : children(fake.compartments, parent)
        ).filter((c) => !state || c.lifecycleState === state);
        const { items, headers } = page(request, all, fake.pageSize);
        return ok(items, headers);
      }),
    ),
  ];
}

function children(all: readonly Json[], parent: string): Json[] {
  return all.filter((c) => c.compartmentId === parent);
}

function descendants(all: readonly Json[], root: string): Json[] {
  const found: Json[] = [];
  let level = children(all, root);
  while (level.length > 0) {
    found.push(...level);
    level = level.flatMap((c) => children(all, String(c.id)));
  }
  return found;
}
