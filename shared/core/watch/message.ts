import type { Notification } from "../../ports.ts";
import { fitBody, MAX_NOTIFICATION_BYTES } from "../notification.ts";
import type { AlertTrigger, TunnelAlert, TunnelSide } from "./alert.ts";
import { cpeChecklist, deviceHints } from "./checklist.ts";
import { downText } from "./health.ts";

/**
 * Tunnel alert messages. The title is short and starts with the state (`DOWN`, `RECOVERED`, `FLAPPING`) so it
 * reads well as an e-mail subject, a Slack line or a PagerDuty incident; the body is plain text. Both are built
 * from API metadata only (no PSK can reach them). The JSON variant carries the same facts for HTTPS
 * subscribers.
 */

/** What every message needs besides the alert. */
export interface MessageContext {
  holdSeconds: number;
}

const MAX_TITLE = 200;

export function alertTitle(a: TunnelAlert): string {
  const where = `${a.connection.label} tunnel ${a.tunnel.index} (${a.tunnel.oracleIp ?? "?"})`;
  const traffic = a.trafficFlowing ? (a.other ? `tunnel ${a.other.index} up` : "") : "NO TUNNEL UP";
  let title: string;
  if (a.state === "DOWN") {
    const rotation = a.rotationInProgress ? " (PSK rotation)" : "";
    title = `DOWN: ${where}: ${downText(a.tunnel.down, a.tunnel.maintenance)} down${rotation}; ${traffic}`;
  } else if (a.state === "RECOVERED") {
    const after =
      a.outageSeconds !== null ? ` after ${duration(a.outageSeconds)}` : a.flap ? " and stable" : "";
    title = `RECOVERED: ${where}: up${after}`;
  } else {
    title = `FLAPPING: ${where}: ${a.flap?.changes ?? 2} changes since ${clock(a.flap?.since ?? a.since)}; ${traffic}`;
  }
  return oneLine(title.replace(/; $/, ""), MAX_TITLE);
}

/** The plain-text message for one alert. */
export function alertNotification(a: TunnelAlert, ctx: MessageContext): Notification {
  const lines = [...headline(a, ctx), "", ...details(a)];
  const checks = cpeChecklist(a);
  if (checks.length > 0) lines.push("", "First things to check on the CPE:", ...checks);
  const hints = a.tunnel.down !== null || a.state === "FLAPPING" ? deviceHints(a) : [];
  if (hints.length > 0) {
    lines.push(
      "",
      "On the device (status commands for the configs tunnelsmith rendered):",
      ...hints.map((h) => `  ${h}`),
    );
  }
  return { title: alertTitle(a), body: fitBody(lines) };
}

/** The JSON variant of one alert, for HTTPS subscribers. */
export function alertJsonNotification(a: TunnelAlert): Notification {
  return {
    title: alertTitle(a),
    body: JSON.stringify({ type: "tunnelsmith.tunnel-alert", version: 1, title: alertTitle(a), ...a }),
  };
}

function headline(a: TunnelAlert, ctx: MessageContext): string[] {
  const name = `tunnel ${a.tunnel.index} of IPSec connection "${a.connection.label}"`;
  const severity = `Severity: ${a.severity}: ${trafficSentence(a)}`;
  if (a.state === "DOWN") {
    return [`DOWN: ${name}: ${downText(a.tunnel.down, a.tunnel.maintenance)} down.`, severity];
  }
  if (a.state === "RECOVERED") {
    const lines = [`RECOVERED: ${name} carries traffic again.`];
    if (a.outageSeconds !== null) {
      lines.push(
        `The outage lasted ${duration(a.outageSeconds)} (from ${iso(sinceMinus(a.since, a.outageSeconds))} to ${iso(a.since)}).`,
      );
    }
    return [...lines, severity];
  }
  const hold = duration(ctx.holdSeconds);
  return [
    `FLAPPING: ${name} went down and up again within the ${hold} hold time; it is ${a.tunnel.healthy ? "UP" : "DOWN"} now.`,
    `It changed state ${a.flap?.changes ?? 2} times since ${iso(a.flap?.since ?? a.since)}. tunnelsmith sends no further alert for its changes until it has been stable for ${hold} (then RECOVERED or DOWN), except when no tunnel of the connection carries traffic.`,
    severity,
  ];
}

function trafficSentence(a: TunnelAlert): string {
  if (!a.trafficFlowing) return "no tunnel of this connection carries traffic: the site is cut off from OCI.";
  if (a.state === "RECOVERED") return "traffic flows again.";
  if (!a.other) return "traffic still flows.";
  return a.other.healthy
    ? `tunnel ${a.other.index} still carries traffic (redundancy is lost until this tunnel is back).`
    : `tunnel ${a.tunnel.index} carries the traffic; tunnel ${a.other.index} is down too.`;
}

function details(a: TunnelAlert): string[] {
  const t = a.tunnel;
  const lines = [
    `Connection:        ${a.connection.label} (${a.connection.id})`,
    `Tunnel ${t.index}:          ${t.label} (${t.id})`,
    `  Oracle headend:  ${t.oracleIp ?? "?"}`,
    `  CPE IP:          ${t.cpeIp ?? "?"}`,
    `  IPsec status:    ${t.status ?? "unknown"}${t.ikeVersion ? ` (IKE${t.ikeVersion.toLowerCase()})` : ""}`,
  ];
  if (t.routing === "BGP") lines.push(`  BGP:             ${t.bgpState ?? "unknown"} (${bgpSession(t)})`);
  else if (t.routing) lines.push(`  Routing:         ${t.routing}`);
  lines.push(`  ${sinceLabel(a)}${sinceText(a)}`);
  if (a.other) lines.push(`Tunnel ${a.other.index}:          ${otherText(a.other)}`);
  lines.push(
    `Last PSK rotation: ${a.lastPskRotation ?? "not recorded by tunnelsmith"}${a.rotationInProgress ? " (a rotation of this tunnel is in progress)" : ""}`,
  );
  lines.push(`Detected:          ${iso(a.detectedAt)} by ${triggerText(a.trigger)}`);
  if (a.note) lines.push(`Note:              ${a.note}`);
  return lines;
}

function sinceLabel(a: TunnelAlert): string {
  if (a.state === "RECOVERED" || (a.state === "FLAPPING" && a.tunnel.healthy)) return "Up since:        ";
  return "Down since:      ";
}

function sinceText(a: TunnelAlert): string {
  const when = iso(a.since);
  const ago = duration(Math.max(0, Math.round((Date.parse(a.detectedAt) - Date.parse(a.since)) / 1000)));
  return a.sinceSource === "oci"
    ? `${when} (OCI's status time; ${ago} before detection)`
    : `${when} (when tunnelsmith saw it: OCI gives no time for BGP changes, or its status time was older)`;
}

function otherText(o: TunnelSide): string {
  const head = `${o.label}, headend ${o.oracleIp ?? "?"}: IPsec ${o.status ?? "unknown"}${o.routing === "BGP" ? `, BGP ${o.bgpState ?? "unknown"}` : ""}`;
  return `${head} -> ${o.healthy ? `traffic is flowing over tunnel ${o.index}.` : "no traffic over it."}`;
}

function bgpSession(t: TunnelSide): string {
  const b = t.bgp;
  if (!b) return "no session info";
  return `CPE ${b.customerInterfaceIp ?? "?"} AS${b.customerBgpAsn ?? "?"} <-> Oracle ${b.oracleInterfaceIp ?? "?"} AS${b.oracleBgpAsn ?? "?"}`;
}

function triggerText(t: AlertTrigger): string {
  if (t.kind === "sweep") return "the scheduled sweep";
  return `Monitoring alarm "${oneLine(t.title ?? "untitled", 80)}" (${t.type}${t.timestamp ? ` at ${iso(t.timestamp)}` : ""})`;
}

/** What a digest needs to say why it is one. */
export interface DigestContext extends MessageContext {
  trigger: AlertTrigger;
  threshold: number;
  detectedAt: string;
}

const SEVERITY_ORDER = { CRITICAL: 0, WARNING: 1, INFO: 2 } as const;

/** Alerts ordered most severe first, then by connection and tunnel, so a truncated digest keeps what matters. */
export function bySeverity(alerts: readonly TunnelAlert[]): TunnelAlert[] {
  return [...alerts].sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.connection.label.localeCompare(b.connection.label) ||
      a.connection.id.localeCompare(b.connection.id) ||
      a.tunnel.index - b.tunnel.index,
  );
}

/**
 * One message for many alerts (a topic takes about 60 messages a minute, e-mail about 10): counts in the title,
 * the connections without any tunnel up first, then one line per tunnel, most severe first.
 */
export function digestNotification(alerts: readonly TunnelAlert[], ctx: DigestContext): Notification {
  const sorted = bySeverity(alerts);
  const count = (s: TunnelAlert["state"]) => alerts.filter((a) => a.state === s).length;
  const connections = new Set(alerts.map((a) => a.connection.id));
  const cutOff = new Map<string, string>();
  for (const a of sorted) if (!a.trafficFlowing) cutOff.set(a.connection.id, a.connection.label);
  const counts = (["DOWN", "RECOVERED", "FLAPPING"] as const)
    .filter((s) => count(s) > 0)
    .map((s) => `${count(s)} ${s}`)
    .join(", ");
  const title = oneLine(
    `DIGEST: ${counts} on ${connections.size} connections${cutOff.size > 0 ? `; ${cutOff.size} with NO TUNNEL UP` : ""}`,
    MAX_TITLE,
  );
  const lines = [
    `${alerts.length} tunnel changes found by ${triggerText(ctx.trigger)} at ${iso(ctx.detectedAt)}, sent as one message: more than ${ctx.threshold} alerts at once (TUNNELSMITH_ALERT_DIGEST_THRESHOLD), and a topic takes about 60 messages a minute.`,
    "",
  ];
  if (cutOff.size > 0) {
    lines.push(`No tunnel up (traffic interrupted) on ${cutOff.size} connections:`);
    for (const [id, label] of cutOff) lines.push(`  ${label} (${id})`);
    lines.push("");
  }
  lines.push(
    "What to check: for IPsec down, the CPE's Internet link, its public IP, UDP 500/4500 and ESP to the headend, the IKE log; for BGP down with IPsec up, the tunnel interface, the BGP neighbour (Oracle inside address and ASN) and TCP 179.",
    "Per-tunnel details (other tunnel, since when, checklist) are in the function's response and in the JSON variant when TUNNELSMITH_ALERT_JSON_TOPIC_ID is set.",
    "",
    "Changes, most severe first:",
  );
  for (const a of sorted) lines.push(`  ${digestLine(a)}`);
  return { title, body: fitBody(lines) };
}

function digestLine(a: TunnelAlert): string {
  const t = a.tunnel;
  const head = `${a.severity.padEnd(8)} ${a.state.padEnd(9)} ${a.connection.label} tunnel ${t.index} ${t.oracleIp ?? "?"}`;
  const other = a.other ? `; tunnel ${a.other.index} ${a.other.healthy ? "up" : "DOWN"}` : "";
  if (a.state === "DOWN")
    return `${head}: ${downText(t.down, t.maintenance)} down since ${clock(a.since)}${other}`;
  if (a.state === "RECOVERED") {
    return `${head}: up${a.outageSeconds !== null ? ` after ${duration(a.outageSeconds)}` : ""}${other}`;
  }
  return `${head}: ${a.flap?.changes ?? 2} changes since ${clock(a.flap?.since ?? a.since)}${other}`;
}

/**
 * The JSON variant of a digest, split into as many messages as needed so each one is valid JSON under the 64 KB
 * limit (a cut JSON document is useless to a machine).
 */
export function digestJsonNotifications(alerts: readonly TunnelAlert[]): Notification[] {
  const sorted = bySeverity(alerts);
  const chunks: TunnelAlert[][] = [];
  let current: TunnelAlert[] = [];
  let size = 0;
  // Measured as it travels: the body is a JSON string inside the publish request, so every quote is escaped.
  const budget = MAX_NOTIFICATION_BYTES - 2_000;
  for (const a of sorted) {
    const bytes = Buffer.byteLength(JSON.stringify(JSON.stringify(a)), "utf8") + 1;
    if (current.length > 0 && size + bytes > budget) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(a);
    size += bytes;
  }
  if (current.length > 0) chunks.push(current);
  return chunks.map((chunk, i) => ({
    title: `DIGEST (JSON ${i + 1}/${chunks.length}): ${alerts.length} tunnel alerts`,
    body: JSON.stringify({
      type: "tunnelsmith.tunnel-alert-digest",
      version: 1,
      part: i + 1,
      parts: chunks.length,
      total: alerts.length,
      alerts: chunk,
    }),
  }));
}

/** `47 min`, `2 h 5 min`, `3 d 4 h`, `40 s`. */
export function duration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 === 0 ? `${h} h` : `${h} h ${m % 60} min`;
  const d = Math.floor(h / 24);
  return h % 24 === 0 ? `${d} d` : `${d} d ${h % 24} h`;
}

/** ISO time to the second, `2026-11-22T04:25:01Z`. */
function iso(time: string): string {
  const t = Date.parse(time);
  return Number.isNaN(t) ? time : new Date(t).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** `04:25Z` for short lines (the full time is in the single-alert messages). */
function clock(time: string): string {
  const t = Date.parse(time);
  return Number.isNaN(t) ? time : `${new Date(t).toISOString().slice(11, 16)}Z`;
}

function sinceMinus(time: string, seconds: number): string {
  return new Date(Date.parse(time) - seconds * 1000).toISOString();
}

/** One line, at most `max` characters: titles must not carry a newline into an e-mail header. */
function oneLine(text: string, max: number): string {
  const flat = text.replace(/[\r\n\t]+/g, " ");
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
