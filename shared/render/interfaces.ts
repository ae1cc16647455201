import type { ValidationIssue } from "../errors.ts";
import type { ConnectionModel } from "../model/types.ts";

/**
 * A device's own interface grammar, declared in its capability table. `site.wanInterface`/`site.lanInterface`
 * reach the device verbatim, so a Linux name (`ens3`) in a Junos file is a config that does not commit.
 */
export interface InterfaceRules {
  /** The whole interface name as the device's CLI spells it. */
  pattern: RegExp;
  /** Correct spellings to show in the error, first the most usual one. */
  examples: readonly string[];
}

/** Interface names of any Linux vendor: IFNAMSIZ (15) of letters, digits, `_ . -`, as the kernel takes them. */
export const LINUX_INTERFACES: InterfaceRules = {
  pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$/,
  examples: ["eth0", "ens3", "eth0.100", "ppp0"],
};

/** The `site` interface keys, for messages and check suggestions. */
export const INTERFACE_KEYS = ["wanInterface", "lanInterface"] as const;

/** One issue per `site` interface that `rules` does not accept, naming the key, the vendor and a right spelling. */
export function interfaceIssues(
  vendor: string,
  rules: InterfaceRules,
  m: ConnectionModel,
): ValidationIssue[] {
  return INTERFACE_KEYS.flatMap((key) => {
    const value = m.site[key];
    if (value === null || rules.pattern.test(value)) return [];
    return [
      {
        path: `site.${key}`,
        message: `"${value}" is not a ${vendor} interface name; spell it as the device does, e.g. ${rules.examples.join(", ")}`,
      },
    ];
  });
}

/** The sysctl key segment for a Linux interface: sysctl writes a `.` in a name (a VLAN, `eth0.100`) as `/`. */
export function sysctlInterface(name: string): string {
  return name.replaceAll(".", "/");
}
