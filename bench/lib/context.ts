/** What every benchmark section gets from the runner. */
export interface BenchContext {
  /** Repository root. */
  root: string;
  /** Scratch folder (sockets, local state), removed at the end. */
  tmp: string;
  /** `bench:check`: fewer repetitions and a smaller fleet, same ratios. */
  check: boolean;
  /**
   * The function bundle: `functions/func.ts` built like `dist/func.mjs` (scripts/build.mjs's options) but into
   * the benchmark's cache folder by scripts/bench.mjs, since test runs rebuild dist/ (remove, then write).
   */
  bundle: string;
  /** Prints a progress line. */
  log(line: string): void;
}
