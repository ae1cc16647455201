import { CapabilityError } from "../../errors.ts";
import type { ConnectionModel, TunnelModel } from "../../model/types.ts";
import { tunnelError } from "../../render/capabilities.ts";
import { exactSummary } from "./summary.ts";

/** One IPsec policy's traffic selectors: on-premises network ↔ Oracle network. */
export interface SelectorPair {
  local: string;
  remote: string;
}

/**
 * The selector pairs a policy-based CPE must negotiate for `t`.
 * - POLICY: every CPE × Oracle selector of the tunnel's encryption domain (OCI makes one SA per pair).
 * - STATIC: OCI's headend is route-based and takes one encryption domain, so each side must be exactly one
 *   network: the on-premises networks (`staticRoutes`) and the Oracle CIDRs each summarised without gaps.
 *   The working RouterOS site (PPPoE, MTU 1454) negotiates exactly that: 192.168.0.0/17 ↔ 192.168.128.0/17.
 * Throws a CapabilityError naming the tunnel when STATIC networks cannot be one selector per side.
 */
export function selectorPairs(vendor: string, m: ConnectionModel, t: TunnelModel): SelectorPair[] {
  if (t.routing === "POLICY") {
    return t.encryptionDomain.cpe.flatMap((local) =>
      t.encryptionDomain.oracle.map((remote) => ({ local, remote })),
    );
  }
  if (m.onPremCidrs.length === 0) {
    throw tunnelError(
      vendor,
      t,
      "STATIC routing needs the on-premises networks in ipsecConnection.staticRoutes.",
    );
  }
  const local = requireSummary(vendor, t, m.onPremCidrs, "ipsecConnection.staticRoutes");
  const remote = requireSummary(vendor, t, m.oracleCidrs, "the Oracle CIDRs");
  return [{ local, remote }];
}

/**
 * The one network that is exactly `cidrs`, for a STATIC tunnel's selector on one side; throws a
 * CapabilityError explaining OCI's single-encryption-domain rule when the networks leave gaps.
 */
export function requireSummary(
  vendor: string,
  t: TunnelModel,
  cidrs: readonly string[],
  what: string,
): string {
  const summary = exactSummary(cidrs);
  if (summary) return summary;
  throw tunnelError(
    vendor,
    t,
    `STATIC tunnels become IPsec policies on this CPE, and OCI's route-based headend accepts a ` +
      `single encryption domain (one network on each side), but ${what} (${cidrs.join(", ")}) are not one ` +
      "network. Use POLICY routing on the OCI tunnels (one security association per network pair), or list " +
      "networks that form one summary.",
  );
}

/** Rejects a connection whose two tunnels use different routing modes (their selectors would overlap). */
export function assertSameRouting(vendor: string, m: ConnectionModel): void {
  if (m.routing === "MIXED") {
    throw new CapabilityError(
      vendor,
      "mixing POLICY and STATIC tunnels in one connection is not supported: set both tunnels to the same routing",
    );
  }
}

/** Distinct values in first-seen order. */
export function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
