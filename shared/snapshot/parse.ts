import { SnapshotValidationError } from "../errors.ts";
import { toValidationIssues } from "../validation.ts";
import { type Snapshot, snapshotSchema } from "./schema.ts";

/**
 * Validates a parsed JSON value as a connection snapshot. `source` names where it came from (a file path,
 * "OCI", an event) so the error says which file is wrong as well as which path in it.
 */
export function parseSnapshot(value: unknown, source: string): Snapshot {
  const result = snapshotSchema.safeParse(value);
  if (!result.success) throw new SnapshotValidationError(source, toValidationIssues(result.error.issues));
  return result.data;
}

/** Parses snapshot JSON text; a JSON syntax error is a validation error too. */
export function parseSnapshotText(text: string, source: string): Snapshot {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SnapshotValidationError(
      source,
      [{ path: "", message: `not valid JSON (${(error as Error).message})` }],
      {
        cause: error,
      },
    );
  }
  return parseSnapshot(value, source);
}
