import { knownIds, resolveSpec } from "./plan.ts";
import type { SetupPorts } from "./ports.ts";
import type { FoundResource, FoundState, ResourceSpec } from "./types.ts";

/**
 * Looks up every spec's resource, in creation order, so a spec that needs another resource's OCID to be found
 * (a subscription needs its topic) sees what was found before it. Read-only: a dry run does exactly this.
 */
export async function discover(
  specs: readonly ResourceSpec[],
  ports: Pick<SetupPorts, "adapters">,
): Promise<FoundState> {
  const found = new Map<string, FoundResource>();
  for (const spec of specs) {
    const resolved = resolveSpec(spec, knownIds(specs, found));
    const f = await ports.adapters[spec.kind].find(resolved);
    if (f) found.set(spec.key, f);
  }
  return found;
}
