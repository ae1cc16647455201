import type { RenderedFile } from "../render/types.ts";

/**
 * What install.sh does after a file changed, by where the file goes. Derived from the install path (not the
 * file name) so every Linux vendor's files are covered by one table and a new file with a known destination
 * needs no new code. `none` files (scripts, the agent itself) are only syntax-checked and placed.
 */
export type InstallAction =
  | "ipsec-conf"
  | "ipsec-secrets"
  | "swanctl"
  | "charon"
  | "sysctl"
  | "nft"
  | "unit"
  | "agent-timer"
  | "agent-unit"
  | "frr"
  | "networkd"
  | "script"
  | "none";

/** First match wins: the secrets rule must precede the conf rule for /etc/ipsec.d. */
const RULES: readonly [RegExp, InstallAction][] = [
  [/^\/etc\/ipsec\.d\/[^/]+\.secrets$/, "ipsec-secrets"],
  [/^\/etc\/ipsec\.d\/[^/]+\.conf$/, "ipsec-conf"],
  [/^\/etc\/swanctl\/conf\.d\/[^/]+\.conf$/, "swanctl"],
  [/^\/etc\/strongswan\.d\/[^/]+\.conf$/, "charon"],
  [/^\/etc\/sysctl\.d\/[^/]+\.conf$/, "sysctl"],
  [/^\/etc\/nftables\.d\/[^/]+\.nft$/, "nft"],
  [/^\/etc\/systemd\/system\/oci-vpn-agent[^/]*\.timer$/, "agent-timer"],
  [/^\/etc\/systemd\/system\/oci-vpn-agent[^/]*\.service$/, "agent-unit"],
  [/^\/etc\/systemd\/system\/[^/]+\.service$/, "unit"],
  [/^\/etc\/frr\/frr\.conf$/, "frr"],
  [/^\/etc\/systemd\/network\/[^/]+\.(netdev|network)$/, "networkd"],
  [/\.sh$/, "script"],
];

/** The install path a rendered file's hint starts with (`/etc/ipsec.d/x.conf, mode 0600` → `/etc/ipsec.d/x.conf`). */
export function installPathOf(file: Pick<RenderedFile, "installHint">): string | undefined {
  return /^(\/[^\s,;]+)/.exec(file.installHint)?.[1];
}

/** The action install.sh takes when a file placed at `path` changed. */
export function actionFor(path: string): InstallAction {
  return RULES.find(([re]) => re.test(path))?.[1] ?? "none";
}
