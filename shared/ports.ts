/**
 * The ports: the side effects the core needs, as small interfaces. Each has a local implementation
 * (`shared/adapters/local/`) and an OCI one (`shared/adapters/oci/`), and the core does not know which it got.
 * One module per job lives in `shared/ports/`; this barrel re-exports them so imports of `ports.ts` keep working.
 */

export type * from "./ports/clock.ts";
export type * from "./ports/dependencies.ts";
export type * from "./ports/live.ts";
export type * from "./ports/notify.ts";
export type * from "./ports/reader.ts";
export type * from "./ports/rotation.ts";
export type * from "./ports/state.ts";
export type * from "./ports/store.ts";
