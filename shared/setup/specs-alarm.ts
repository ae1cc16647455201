import { TUNNEL_ALARM_QUERY } from "./alarm-query.ts";
import { ROLES, scopedName, tagsFor } from "./names.ts";
import type { SetupInput } from "./options.ts";
import { ref } from "./refs.ts";
import type { TypedSpec } from "./types.ts";

/** Whether an OCID names the tenancy (root compartment): only an alarm there may watch the compartments below. */
export function isTenancy(compartmentId: string): boolean {
  return compartmentId.startsWith("ocid1.tenancy.");
}

/**
 * The compartments whose TunnelState one alarm each watches. Monitoring accepts `metricCompartmentIdInSubtree`
 * only with the tenancy as the metric compartment, so for any other network compartment `--subcompartments`
 * means one more alarm per compartment below it (listed before planning).
 */
export function alarmCompartments(
  input: SetupInput,
  network: string,
  subcompartments: Readonly<Record<string, readonly string[]>>,
): string[] {
  if (isTenancy(network) || !input.subcompartments) return [network];
  return [network, ...(subcompartments[network] ?? [])];
}

/** The tunnel-down alarms: one per network compartment (and, with --subcompartments, per compartment below it). */
export function alarmSpecs(
  input: SetupInput,
  subcompartments: Readonly<Record<string, readonly string[]>>,
): TypedSpec<"alarm">[] {
  const home = input.compartmentId;
  const specs: TypedSpec<"alarm">[] = [];
  for (const network of input.networkCompartmentIds) {
    for (const watched of alarmCompartments(input, network, subcompartments)) {
      specs.push({
        creatable: true,
        mutable: true,
        key: watched === network ? `alarm:${network}` : `alarm:${network}:${watched}`,
        kind: "alarm",
        name: scopedName(`${input.install}-tunnel-down`, watched, home),
        compartmentId: home,
        purpose: `a tunnel in ${watched}${isTenancy(watched) ? " or below" : ""} down for ${input.alarmPendingMinutes} min (one message per tunnel)`,
        fields: {
          namespace: "oci_vpn",
          metricCompartmentId: watched,
          metricCompartmentIdInSubtree: isTenancy(watched),
          query: TUNNEL_ALARM_QUERY,
          resolution: "1m",
          pendingDuration: `PT${input.alarmPendingMinutes}M`,
          severity: "CRITICAL",
          // One message per tunnel (metric stream) instead of one per alarm: the function needs to know which
          // tunnel changed, and a second tunnel going down is a message of its own.
          isNotificationsPerMetricDimensionEnabled: true,
          destinations: [ref("topic:alarms")],
          // RAW: the JSON the function parses; the other formats are for e-mail subscribers.
          messageFormat: "RAW",
          isEnabled: true,
          body: `An OCI Site-to-Site VPN tunnel has reported TunnelState 0 (down) for ${input.alarmPendingMinutes} minutes. tunnelsmith turns this message into an alert naming the connection, the tunnel and what to check.`,
        },
        tags: tagsFor(input.install, ROLES.alarm, watched),
      });
    }
  }
  return specs;
}
