/**
 * Changes a tunnel's PSK at the provider (PSK rotation): the write side only; what rotation reads back (the key,
 * the tunnel's lifecycle, the compartment's connections) goes through the reader port.
 */
export interface SecretRotator {
  /** How long after a change the provider may still report the tunnel as it was (OCI: seconds; local: 0). */
  readonly settleMs: number;
  /** Sets the tunnel's PSK. The tunnel goes down while the provider reprovisions it. */
  setSharedSecret(connectionId: string, tunnelId: string, secret: string): Promise<void>;
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
