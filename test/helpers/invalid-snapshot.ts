import { SnapshotValidationError } from "../../shared/errors.ts";
import { parseSnapshot } from "../../shared/snapshot/parse.ts";
import type { Json } from "./json.ts";
import { rawSnapshot } from "./samples.ts";

/** Parses an edited sample and returns the thrown SnapshotValidationError (fails if nothing is thrown). */
export function invalidSnapshot(mutate: (s: Json) => void, base = "static-ikev1"): SnapshotValidationError {
  const s = rawSnapshot(base) as Json;
  mutate(s);
  try {
    parseSnapshot(s, "test.json");
  } catch (error) {
    if (error instanceof SnapshotValidationError) return error;
    throw error;
  }
  throw new Error("expected a SnapshotValidationError");
}
