/**
 * The one error hierarchy of tunnelsmith. Every error a user can see is a {@link TunnelsmithError} with a stable
 * `code`; `expose` says whether its message is safe and useful to show as-is (bad input, unsupported feature) or
 * whether it is an internal failure (a broken adapter, a bug), mirroring middy's `expose = statusCode < 500`.
 */
export class TunnelsmithError extends Error {
  /** Stable machine-readable code, e.g. `SNAPSHOT_INVALID`. */
  readonly code: string;
  /** True when the problem is in the caller's input and the message tells them how to fix it. */
  readonly expose: boolean;

  constructor(code: string, message: string, options?: ErrorOptions & { expose?: boolean }) {
    super(message, options);
    this.name = "TunnelsmithError";
    this.code = code;
    this.expose = options?.expose ?? false;
  }
}

/** One problem found while validating input, located by a JSON-path-like string such as `tunnels[1].vpnIp`. */
export interface ValidationIssue {
  path: string;
  message: string;
}

/** Input (a snapshot, an event, a CLI flag, a tag, configuration) failed validation. */
export class ValidationError extends TunnelsmithError {
  readonly issues: readonly ValidationIssue[];

  constructor(code: string, what: string, issues: readonly ValidationIssue[], options?: ErrorOptions) {
    super(code, `${what}: ${formatIssues(issues)}`, { ...options, expose: true });
    this.name = "ValidationError";
    this.issues = issues;
  }
}

/** A connection snapshot file (or the data read from OCI into one) is not valid. */
export class SnapshotValidationError extends ValidationError {
  constructor(source: string, issues: readonly ValidationIssue[], options?: ErrorOptions) {
    super("SNAPSHOT_INVALID", `invalid connection snapshot ${source}`, issues, options);
    this.name = "SnapshotValidationError";
  }
}

/** An incoming function event (CloudEvent, alarm message, action) is not valid. */
export class EventValidationError extends ValidationError {
  constructor(issues: readonly ValidationIssue[], options?: ErrorOptions) {
    super("EVENT_INVALID", "invalid event", issues, options);
    this.name = "EventValidationError";
  }
}

/** Configuration (environment, function config, CLI flags) is missing or malformed. */
export class ConfigError extends ValidationError {
  constructor(issues: readonly ValidationIssue[], options?: ErrorOptions) {
    super("CONFIG_INVALID", "invalid configuration", issues, options);
    this.name = "ConfigError";
  }
}

/** A vendor cannot express what the connection needs (e.g. an algorithm or routing mode it lacks). */
export class CapabilityError extends TunnelsmithError {
  readonly vendor: string;

  constructor(vendor: string, message: string, options?: ErrorOptions) {
    super("VENDOR_CAPABILITY", `${vendor}: ${message}`, { ...options, expose: true });
    this.name = "CapabilityError";
    this.vendor = vendor;
  }
}

/** A vendor id that no renderer is registered for. */
export class UnknownVendorError extends TunnelsmithError {
  constructor(vendor: string, known: readonly string[]) {
    super("VENDOR_UNKNOWN", `unknown vendor "${vendor}" (known: ${known.join(", ")})`, { expose: true });
    this.name = "UnknownVendorError";
  }
}

/** A resource (connection, snapshot, object) does not exist where it was looked for. */
export class NotFoundError extends TunnelsmithError {
  constructor(what: string, options?: ErrorOptions) {
    super("NOT_FOUND", `${what} not found`, { ...options, expose: true });
    this.name = "NotFoundError";
  }
}

/** Two connections rendered for one CPE would use the same interface name or mark. */
export class ConflictError extends TunnelsmithError {
  constructor(message: string, options?: ErrorOptions) {
    super("CONFLICT", message, { ...options, expose: true });
    this.name = "ConflictError";
  }
}

/** A side effect behind a port (store, notifier, network reader) failed. */
export class AdapterError extends TunnelsmithError {
  constructor(adapter: string, message: string, options?: ErrorOptions) {
    super("ADAPTER_FAILED", `${adapter}: ${message}`, options);
    this.name = "AdapterError";
  }
}

/**
 * A create call (a pre-authenticated request, a published message) failed in a way that does not tell whether the
 * service carried it out (a 5xx, a timeout, a reset connection). Retrying blindly could create a second link or send
 * a second message, so adapters raise this instead and the core reconciles (lists what exists, or records what was
 * sent) before it tries again.
 */
export class OutcomeUnknownError extends TunnelsmithError {
  /** The operation whose outcome is unknown, e.g. `CreatePreauthenticatedRequest`. */
  readonly operation: string;

  constructor(operation: string, message: string, options?: ErrorOptions) {
    super("OUTCOME_UNKNOWN", `${operation}: ${message} (it may have succeeded)`, options);
    this.name = "OutcomeUnknownError";
    this.operation = operation;
  }
}

/** Renders a list of issues as one line: `a.b: must be x; c: required`. */
export function formatIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ");
}

/** Serialises any thrown value for a JSON log line (name, code, message, stack, cause), as Powertools does. */
export function serializeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return serializeThrownValue(error);
  const out: Record<string, unknown> = { name: error.name, message: error.message };
  if (error instanceof TunnelsmithError) out.code = error.code;
  if (error.stack) out.stack = error.stack;
  if (error.cause !== undefined) out.cause = serializeError(error.cause);
  return out;
}

/**
 * A thrown value that is not an Error: the OCI SDK throws plain `{code, message, requestEndpoint}` objects for
 * client-side failures, which `String()` turns into "[object Object]". Their own fields are kept instead.
 */
function serializeThrownValue(value: unknown): Record<string, unknown> {
  if (typeof value !== "object" || value === null) return { message: String(value) };
  const v = value as Record<string, unknown>;
  const out: Record<string, unknown> = {
    message: typeof v.message === "string" ? v.message : "a non-Error value was thrown",
  };
  for (const key of ["code", "statusCode", "serviceCode", "opcRequestId"]) {
    const field = v[key];
    if (typeof field === "string" || typeof field === "number") out[key] = field;
  }
  return out;
}
