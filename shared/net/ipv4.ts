/**
 * Small IPv4 helpers. Addresses are validated strictly (dotted quad, no leading zeros) so that whatever reaches a
 * router template is exactly four decimal octets and nothing else.
 */

const OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]\\d|\\d)";
const IPV4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);

/** True for a strict dotted-quad IPv4 address. */
export function isIpv4(value: string): boolean {
  return IPV4.test(value);
}

/** The address as an unsigned 32-bit integer. Assumes {@link isIpv4}. */
export function ipv4ToInt(value: string): number {
  return value.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

/** The dotted quad of an unsigned 32-bit integer. */
export function intToIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

/** An address with its prefix length, e.g. an inside interface `169.254.0.1/30`. */
export interface Ipv4Prefixed {
  address: string;
  prefixLength: number;
}

/** Parses `a.b.c.d/n`; undefined when malformed. */
export function parseIpv4Prefixed(value: string): Ipv4Prefixed | undefined {
  const [address, length, ...rest] = value.split("/");
  if (rest.length > 0 || address === undefined || length === undefined) return undefined;
  if (!isIpv4(address) || !/^(?:\d|[12]\d|3[0-2])$/.test(length)) return undefined;
  return { address, prefixLength: Number(length) };
}

/** The network address of `address/prefixLength`. */
export function networkOf(address: string, prefixLength: number): string {
  const size = 2 ** (32 - prefixLength);
  return intToIpv4(Math.floor(ipv4ToInt(address) / size) * size);
}

/**
 * Why a value is not a network CIDR (`10.0.2.0/24`), or undefined when it is one. Host bits set are an error
 * because routers either reject them or silently change the prefix, and the user should see which.
 */
export function networkCidrProblem(value: string): string | undefined {
  const parsed = parseIpv4Prefixed(value);
  if (!parsed) return `"${value}" is not an IPv4 CIDR like 10.0.2.0/24`;
  const network = networkOf(parsed.address, parsed.prefixLength);
  if (network !== parsed.address) {
    return `"${value}" has host bits set; did you mean ${network}/${parsed.prefixLength}?`;
  }
  return undefined;
}

/** True when both addresses are in the same `/prefixLength` network. */
export function sameNetwork(a: string, b: string, prefixLength: number): boolean {
  return networkOf(a, prefixLength) === networkOf(b, prefixLength);
}
