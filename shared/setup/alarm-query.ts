/**
 * The Monitoring query of the tunnel alarm. `TunnelState` is 1 while a tunnel is up and 0 while it is down, one
 * metric stream per tunnel (`parentResourceId` = IPSec connection, `publicIp` = Oracle headend). Grouping by both
 * keeps exactly those two dimensions in every alarm message, so the function can tell which tunnel of which
 * connection changed; with split notifications (`isNotificationsPerMetricDimensionEnabled`) each tunnel fires and
 * recovers on its own. `mean() == 0`: down for the whole minute, so a tunnel that renegotiates does not count.
 */
export const TUNNEL_ALARM_QUERY = "TunnelState[1m].groupBy(parentResourceId, publicIp).mean() == 0";
