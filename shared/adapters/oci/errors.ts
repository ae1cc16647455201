import { AdapterError, OutcomeUnknownError } from "../../errors.ts";
import { redactText } from "../../logger.ts";
import { asCreate } from "./request-limits.ts";

/**
 * The HTTP status of an SDK failure. Service errors are `OciError`s with `statusCode`; client-side failures are
 * plain objects without one (null here).
 */
export function statusOf(error: unknown): number | null {
  if (typeof error === "object" && error !== null && "statusCode" in error) {
    const status = (error as { statusCode: unknown }).statusCode;
    if (typeof status === "number" && !Number.isNaN(status)) return status;
  }
  return null;
}

export const isNotFound = (error: unknown): boolean => statusOf(error) === 404;

/** 409 Conflict or 412 Precondition Failed: a conditional write lost a race. */
export const isConflict = (error: unknown): boolean => {
  const status = statusOf(error);
  return status === 409 || status === 412;
};

/**
 * Whether a failure leaves a create's outcome open: a 5xx (the service may have done it before failing), no
 * answer at all (timeout, reset connection), or no status. A 4xx, 429 included, is a refusal: nothing was made.
 */
export function outcomeIsUnknown(error: unknown): boolean {
  const status = statusOf(error);
  return status === null || status === -1 || status >= 500;
}

/** OCI's `serviceCode` is "None" when the body was not OCI's JSON (a proxy's HTML page, an empty body). */
const NO_SERVICE_CODE = new Set(["None", "unknown code", ""]);
/** Enough of OCI's message to act on; a proxy's HTML error page or a stack is cut. */
const MAX_MESSAGE_CHARS = 300;

/**
 * What support needs about an SDK failure: `HTTP 503, ServiceUnavailable, opc-request-id …, at
 * iaas.ap-tokyo-1.oraclecloud.com: <OCI's message>`, or `no response, RequestTimeout, at …` for a client-side
 * failure. Never the request body; OCI's message has PAR tokens and the given `secrets` (a PSK it might quote)
 * removed. The host is named, never the path (a PAR's path is a credential).
 */
function failureParts(error: unknown, secrets: readonly string[]): { summary: string; message: string } {
  const e = (typeof error === "object" && error !== null ? error : {}) as Record<string, unknown>;
  const status = statusOf(error);
  const serviceCode = typeof e.serviceCode === "string" ? e.serviceCode : null;
  const clientCode = typeof e.code === "string" || typeof e.code === "number" ? String(e.code) : null;
  const code = status === null || status === -1 ? clientCode : serviceCode;
  const host = hostOf(e.requestEndpoint);
  const parts = [
    status === null || status === -1 ? "no response" : `HTTP ${status}`,
    code !== null && !NO_SERVICE_CODE.has(code) ? code : null,
    typeof e.opcRequestId === "string" && e.opcRequestId ? `opc-request-id ${e.opcRequestId}` : null,
    host ? `at ${host}` : null,
  ].filter(Boolean);
  const raw = typeof e.message === "string" ? e.message : typeof error === "string" ? error : "";
  const firstLine = raw.split("\n").find((line) => line.trim().length > 0) ?? "";
  const text = redactText(
    firstLine.trim(),
    secrets.filter((s) => s.length > 0),
  );
  const message = text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS)}…` : text;
  return { summary: parts.join(", "), message };
}

/** An SDK failure on one line: `HTTP 503, ServiceUnavailable, opc-request-id …, at host: OCI's message`. */
export function describeSdkFailure(error: unknown, secrets: readonly string[] = []): string {
  const { summary, message } = failureParts(error, secrets);
  return message ? `${summary}: ${message}` : summary;
}

/** The host of the SDK's `requestEndpoint` (`GET https://host/path…`), or null. */
function hostOf(endpoint: unknown): string | null {
  if (typeof endpoint !== "string") return null;
  return /https?:\/\/([^/\s?#]+)/.exec(endpoint)?.[1] ?? null;
}

/**
 * Wraps an SDK failure as an AdapterError naming the operation, the status, OCI's error code, request id and
 * host (what support needs), never the request body (see {@link describeSdkFailure}).
 */
export function sdkError(
  service: string,
  operation: string,
  error: unknown,
  secrets: readonly string[] = [],
): AdapterError {
  const { summary, message } = failureParts(error, secrets);
  return new AdapterError(service, `${operation} failed (${summary})${message ? `: ${message}` : ""}`, {
    cause: error,
  });
}

/** Runs an SDK call, turning its failure into an {@link sdkError}. */
export async function call<T>(service: string, operation: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw sdkError(service, operation, error);
  }
}

/** A read that answers 404 becomes null. */
export async function orNull<T>(
  service: string,
  operation: string,
  run: () => Promise<T>,
): Promise<T | null> {
  try {
    return await run();
  } catch (error) {
    if (isNotFound(error)) return null;
    throw sdkError(service, operation, error);
  }
}

/**
 * Runs a create (CreatePreauthenticatedRequest, PublishMessage) whose repetition would be visible: a second link,
 * a second message. The request is marked as a create for the HTTP client (request-limits.ts), so a timeout or a
 * reset connection is not retried; its retry configuration must be {@link forCreate}'s (429 only). A failure that
 * leaves the outcome open becomes an {@link OutcomeUnknownError} for the core to reconcile; a refusal (4xx) an
 * {@link sdkError}. `subject` (an object name) is named in the message only.
 */
export async function callCreate<T>(
  service: string,
  operation: string,
  run: () => Promise<T>,
  subject?: string,
): Promise<T> {
  try {
    return await asCreate(run);
  } catch (error) {
    const named = subject ? `${operation} ${subject}` : operation;
    if (!outcomeIsUnknown(error)) throw sdkError(service, named, error);
    const about = subject ? ` for ${subject}` : "";
    throw new OutcomeUnknownError(
      operation,
      `${service} gave no clear answer${about} (${describeSdkFailure(error)})`,
      {
        cause: error,
      },
    );
  }
}
