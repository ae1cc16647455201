import { AdapterError } from "../../errors.ts";

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
 * Wraps an SDK failure as an AdapterError naming the operation, the status, OCI's error code and request id
 * (what support needs), never the request body.
 */
export function sdkError(service: string, operation: string, error: unknown): AdapterError {
  const e = (typeof error === "object" && error !== null ? error : {}) as {
    serviceCode?: unknown;
    opcRequestId?: unknown;
    message?: unknown;
  };
  const status = statusOf(error);
  const parts = [
    status === null ? "no response" : `HTTP ${status}`,
    typeof e.serviceCode === "string" ? e.serviceCode : null,
    typeof e.opcRequestId === "string" ? `opc-request-id ${e.opcRequestId}` : null,
  ].filter(Boolean);
  const message = typeof e.message === "string" ? `: ${e.message.split("\n")[0]}` : "";
  return new AdapterError(service, `${operation} failed (${parts.join(", ")})${message}`, { cause: error });
}

/** Runs an SDK call, turning its failure into an {@link sdkError}. */
export async function call<T>(service: string, operation: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw sdkError(service, operation, error);
  }
}
