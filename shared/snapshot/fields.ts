import { z } from "zod";
import { isIpv4, networkCidrProblem, parseIpv4Prefixed } from "../net/ipv4.ts";

/**
 * Field schemas shared by the snapshot, tags and CLI input. Each one is strict about shape because its value
 * ends up on a router command line: anything a template prints must be checked here first.
 */

/** A strict dotted-quad IPv4 address. */
export const ipv4 = z.string().refine(isIpv4, { message: "must be an IPv4 address like 192.0.2.1" });

/** An IPv4 network in CIDR form with no host bits set. */
export const networkCidr = z.string().superRefine((value, ctx) => {
  const problem = networkCidrProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

/** An OCI OCID of the given resource type, e.g. `ocid1.ipsecconnection.oc1.phx.aaaa…`. */
export function ocid(resourceType: string) {
  const pattern = new RegExp(`^ocid1\\.${resourceType}\\.[a-z0-9-]+\\.[a-z0-9-]*\\.[a-z0-9._-]+$`);
  return z
    .string()
    .regex(pattern, { message: `must be an OCID of type ${resourceType} (ocid1.${resourceType}.…)` });
}

/** A BGP ASN as OCI returns it (a decimal string) or a number; 1..4294967295, no leading zeros. */
export const asn = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const text = String(value);
  const n = Number(text);
  if (!/^[1-9]\d{0,9}$/.test(text) || n > 4294967295) {
    ctx.addIssue({ code: "custom", message: `"${text}" is not a BGP ASN (1..4294967295)` });
    return z.NEVER;
  }
  return n;
});

/** A tunnel inside address with its /30 or /31 prefix, e.g. `169.254.0.1/30`. */
export const insideAddress = z.string().superRefine((value, ctx) => {
  const parsed = parseIpv4Prefixed(value);
  if (!parsed || (parsed.prefixLength !== 30 && parsed.prefixLength !== 31)) {
    ctx.addIssue({ code: "custom", message: `"${value}" must be an IPv4 address with a /30 or /31 prefix` });
  }
});

/**
 * An OCI pre-shared key: letters, digits and spaces only (OCI's own rule), 1–255 characters. Enforcing it here
 * is also what keeps a key from closing a quote in `ipsec.secrets` or a RouterOS `secret="…"`.
 */
export const psk = z
  .string()
  .min(1, { message: "must not be empty" })
  .max(255, { message: "must be at most 255 characters" })
  .regex(/^[A-Za-z0-9 ]+$/, { message: "may contain only letters, digits and spaces (OCI's rule)" })
  .refine((v) => v.trim() === v, { message: "must not start or end with a space" });

/** A Linux interface name: up to 15 of `[A-Za-z0-9_.-]` (IFNAMSIZ). */
export const LINUX_INTERFACE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$/;
export const linuxInterfaceName = z.string().regex(LINUX_INTERFACE_NAME, {
  message: "must be a Linux interface name of 1-15 letters, digits, _ . -",
});

/**
 * A device's interface name, Linux or router style (`ens3`, `ge-0/0/0.0`, `GigabitEthernet0/0/0`,
 * `ethernet1/1`): letters, digits and `_ . / : -`, up to 64. No spaces or quotes, so it is one token in any CLI.
 * Linux renderers additionally require {@link LINUX_INTERFACE_NAME}.
 */
export const interfaceName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_./:-]{0,63}$/, {
  message: "must be an interface name of 1-64 letters, digits, _ . / : -",
});

/** An interface-name prefix such as `vti`: letters only, so `<prefix><n>` stays a valid name. */
export const interfacePrefix = z
  .string()
  .regex(/^[A-Za-z]{1,10}$/, { message: "must be 1-10 letters, e.g. vti" });
