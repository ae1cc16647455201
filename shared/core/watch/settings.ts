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
  /** Connections per sweep shard when the sweep fans out on a queue (TUNNELSMITH_SWEEP_SHARD_SIZE). */
  shardSize?: number;
  /**
   * Hours between PSK reads of a connection for the drift check (TUNNELSMITH_PSK_CHECK_HOURS); a tunnel that is
   * down has its PSKs read at every look. 0: every sweep reads them.
   */
  pskCheckHours?: number;
  /**
   * Messages a minute the alert publisher sends to the alert topic at most, across every invocation
   * (TUNNELSMITH_ALERTS_PER_MINUTE; default 60, or 10 with TUNNELSMITH_ALERT_EMAIL_SUBSCRIBED=true).
   */
  alertsPerMinute?: number;
}

/** Notifications' PublishMessage limit per topic, and its delivery limit per e-mail endpoint (oci-facts.md). */
export const TOPIC_MESSAGES_PER_MINUTE = 60;
export const EMAIL_MESSAGES_PER_MINUTE = 10;

export const DEFAULT_WATCH_SETTINGS: Required<WatchSettings> = {
  flapHoldSeconds: 600,
  digestThreshold: 10,
  concurrency: 8,
  shardSize: 200,
  pskCheckHours: 24,
  alertsPerMinute: TOPIC_MESSAGES_PER_MINUTE,
};

/** The settings with every optional one filled in. */
export function watchSettingsOf(deps: { settings: { watch?: WatchSettings } }): Required<WatchSettings> {
  const w = deps.settings.watch ?? DEFAULT_WATCH_SETTINGS;
  return {
    flapHoldSeconds: w.flapHoldSeconds,
    digestThreshold: w.digestThreshold,
    concurrency: w.concurrency,
    shardSize: w.shardSize ?? DEFAULT_WATCH_SETTINGS.shardSize,
    pskCheckHours: w.pskCheckHours ?? DEFAULT_WATCH_SETTINGS.pskCheckHours,
    alertsPerMinute: w.alertsPerMinute ?? DEFAULT_WATCH_SETTINGS.alertsPerMinute,
  };
}
