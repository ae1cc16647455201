import type { ConnectionState } from "../../ports.ts";
import type { ConnectionFacts } from "./types.ts";

/**
 * Terraform coexistence: a `terraform apply` of `oci_core_ipsec_connection_tunnel_management` (or of the
 * connection's tunnel configuration) sets the shared secret Terraform holds, i.e. the key tunnelsmith rotated
 * away. Such a PSK change is recognised when the live key's fingerprint equals the one the last rotation
 * replaced (fingerprints only: no key is compared or logged), and the reason says so.
 */
export function revertReasons(
  state: ConnectionState,
  current: ConnectionFacts,
  reasons: readonly string[],
): string[] {
  const rotated = state.rotation?.tunnels ?? {};
  const pskChanged = reasons.some((r) => /PSK changed outside tunnelsmith/.test(r));
  if (!pskChanged) return [...reasons];
  let out = [...reasons];
  current.tunnels.forEach((t, i) => {
    const record = rotated[t.id];
    const previous = record?.previousPskFingerprint ?? null;
    if (previous === null || t.pskFingerprint === null || t.pskFingerprint !== previous) return;
    const n = i + 1;
    out = out.filter((r) => r !== `tunnel ${n} PSK changed outside tunnelsmith`);
    out.unshift(
      `tunnel ${n} PSK reverted to the key tunnelsmith rotated away at ${record?.rotatedAt ?? "?"}: likely a terraform apply of oci_core_ipsec_connection_tunnel_management (keep shared_secret out of Terraform or add it to ignore_changes)`,
    );
  });
  return out;
}
