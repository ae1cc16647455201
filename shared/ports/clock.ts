/** Time, injectable for tests. */
export interface Clock {
  now(): Date;
  /** Waits `ms` milliseconds (tests advance a fake clock instead). */
  sleep(ms: number): Promise<void>;
}
