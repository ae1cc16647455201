/** `10.0.2.0/24` → `10.0.2.0 255.255.255.0`, the FortiOS `set dst` / `set subnet` form. */
export function cidrToAddressMask(cidr: string): string {
  const [address, bits] = cidr.split("/");
  return `${address} ${prefixToMask(Number(bits ?? "32"))}`;
}

/** Prefix length to dotted mask: 30 → `255.255.255.252`. */
export function prefixToMask(prefixLength: number): string {
  const value = prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0;
  return [24, 16, 8, 0].map((shift) => (value >>> shift) & 0xff).join(".");
}
