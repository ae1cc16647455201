/** Changes a tunnel's PSK at the provider (PSK rotation), and reads what rotation needs to check afterwards. */
export interface SecretRotator {
  /** How long after a change the provider may still report the tunnel as it was (OCI: seconds; local: 0). */
  readonly settleMs: number;
  /** Sets the tunnel's PSK. The tunnel goes down while the provider reprovisions it. */
  setSharedSecret(connectionId: string, tunnelId: string, secret: string): Promise<void>;
  /** The tunnel's PSK now, or null when the tunnel no longer exists. */
  sharedSecret(connectionId: string, tunnelId: string): Promise<string | null>;
  /** The tunnel's lifecycle state now (`AVAILABLE` once reprovisioned), or null when it no longer exists. */
  tunnelLifecycle(connectionId: string, tunnelId: string): Promise<string | null>;
  /** Ids of the IPSec connections in a compartment (not TERMINATING/TERMINATED), for scheduled rotation. */
  listConnections(compartmentId: string): Promise<string[]>;
}

/** Keeps a copy of each new PSK in a vault, for teams that keep keys there (optional). */
export interface KeyArchive {
  /**
   * Stores `secret` as the newest version of the tunnel's secret (created on first use). Returns the secret's
   * id and version number: where it went, not what it is.
   */
  store(
    tunnel: { connectionId: string; compartmentId: string; tunnelId: string },
    secret: string,
  ): Promise<{ secretId: string; version: number | null }>;
}
