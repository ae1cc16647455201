/** What every benchmark section gets from the runner. */
export interface BenchContext {
  /** Repository root. */
  root: string;
  /** Scratch folder (sockets, local state), removed at the end. */
  tmp: string;
  /** `bench:check`: fewer repetitions and a smaller fleet, same ratios. */
  check: boolean;
  /** Prints a progress line. */
  log(line: string): void;
}

/** The function bundle, as func.yaml runs it. */
export const FUNCTION_BUNDLE = "dist/func.mjs";
