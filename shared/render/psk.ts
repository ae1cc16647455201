import type { TunnelModel } from "../model/types.ts";

/**
 * What a device's configuration parser accepts as a pre-shared key, declared in each vendor's capability table.
 * OCI allows 1–255 letters, digits and spaces; devices are narrower, and some read a key beginning with `0x` as
 * hex or with `0s` as base64, so the same characters would give the device a different key.
 */
export interface PskRules {
  /** Shortest and longest key the device takes, counted as written in the config (after any encoding). */
  minLength: number;
  maxLength: number;
  /** The key can hold spaces where the template writes it. */
  spaces: boolean;
  /**
   * Prefixes the device's parser decodes (`0x` hex, `0s` base64), case-insensitively to be safe. A key that begins
   * with one is written as `0x` + the hex of its bytes, which the parser turns back into exactly the OCI key; that
   * needs `0x` in this list.
   */
  decodes: readonly ("0x" | "0s")[];
}

/** OCI's own rule (1–255 characters, spaces allowed) and no special prefixes: a device that takes any OCI key. */
export const ANY_OCI_PSK: PskRules = { minLength: 1, maxLength: 255, spaces: true, decodes: [] };

/** The prefixes that would make `rules`' parser decode `psk` instead of taking it literally. */
function decodedPrefix(rules: PskRules, psk: string): string | undefined {
  return rules.decodes.find((p) => psk.toLowerCase().startsWith(p));
}

/** `psk` as the device must be given it so that its parser yields exactly `psk`. */
export function devicePsk(rules: PskRules, psk: string): string {
  if (decodedPrefix(rules, psk) === undefined) return psk;
  return `0x${Buffer.from(psk, "ascii").toString("hex")}`;
}

/** Why `t`'s key cannot be given to a device with `rules`; empty when it can. */
export function pskProblems(rules: PskRules, t: TunnelModel): string[] {
  const problems: string[] = [];
  if (!rules.spaces && t.psk.includes(" ")) {
    problems.push("the pre-shared key contains a space, which this CLI cannot take in the key argument");
  }
  if (decodedPrefix(rules, t.psk) !== undefined && !rules.decodes.includes("0x")) {
    problems.push(
      `the pre-shared key begins with "${t.psk.slice(0, 2)}", which this device decodes instead of taking literally`,
    );
  }
  const written = devicePsk(rules, t.psk).length;
  if (written < rules.minLength || written > rules.maxLength) {
    const encoded =
      written === t.psk.length
        ? ""
        : ` (written as ${written} hex characters because it begins with "${t.psk.slice(0, 2)}")`;
    problems.push(
      `the pre-shared key is ${t.psk.length} characters${encoded}; the device takes ${rules.minLength}-${rules.maxLength}`,
    );
  }
  return problems;
}

/** One sentence telling the user how to get a key the device takes. */
export function pskAdvice(rules: PskRules): string {
  const charset = rules.spaces ? "letters, digits and spaces" : "letters and digits only";
  return `Rotate to a compliant key (${rules.minLength}-${rules.maxLength} ${charset}): tunnelsmith rotate --ipsec <connection> --tunnel <tunnel>, or set one on the OCI tunnel.`;
}
