/** Local types for `@fnproject/fdk`, which ships none. Only what tunnelsmith uses. */
declare module "@fnproject/fdk" {
  export interface FnContext {
    readonly callID: string | null;
    readonly deadline: Date | null;
    readonly config: Record<string, string | undefined>;
    readonly headers: Record<string, string[]>;
    getHeader(key: string): string | null;
    setResponseHeader(key: string, ...values: string[]): void;
    responseContentType: string | null;
  }
  export type FnHandler = (input: unknown, ctx: FnContext) => unknown;
  /** Starts the http-stream server on FN_LISTENER; exits the process when FN_FORMAT/FN_LISTENER are missing. */
  export function handle(fn: FnHandler, options?: { inputMode?: "json" | "string" | "buffer" }): () => void;
}
