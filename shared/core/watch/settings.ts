/** Behaviour of the tunnel watch (alarm messages and the sweep); read from the environment by settings.ts. */
export interface WatchSettings {
  /**
   * Flap hold time (TUNNELSMITH_FLAP_HOLD_SECONDS). A tunnel whose state changes again within this time of its
   * previous change is flapping: one FLAPPING alert, then silence until it has been stable this long. 0 turns
   * flap handling off.
   */
  flapHoldSeconds: number;
  /** More alerts than this from one invocation go out as one digest (TUNNELSMITH_ALERT_DIGEST_THRESHOLD). */
  digestThreshold: number;
  /** Connections checked at the same time by a sweep or a many-dimension alarm (TUNNELSMITH_SWEEP_CONCURRENCY). */
  concurrency: number;
}

export const DEFAULT_WATCH_SETTINGS: WatchSettings = {
  flapHoldSeconds: 600,
  digestThreshold: 10,
  concurrency: 8,
};
