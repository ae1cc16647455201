import type { ConnectionModel } from "../model/types.ts";
import type { DownloadLink, Notification, StoredFile } from "../ports.ts";
import { refusalLines, type VendorRefusal } from "../render/partial.ts";
import type { RenderedFile } from "../render/types.ts";
import { nextSteps } from "./next-steps.ts";

/** Notifications topics accept 64 KB per message; stay clear of it. */
export const MAX_NOTIFICATION_BYTES = 60_000;

export interface LinkedFile {
  file: RenderedFile;
  stored: StoredFile;
  link: DownloadLink;
  /** False with TUNNELSMITH_NOTIFY_LINKS=false: the message names the object instead of carrying the URL. */
  notifyUrl?: boolean;
}

/** The line under a file in a message: its download URL, or only its object name when URLs are not sent. */
export function linkLine(f: LinkedFile): string {
  return f.notifyUrl === false
    ? `    object ${f.stored.objectName} (URL not sent by notification; take it from the bucket or the CLI)`
    : `    ${f.link.url}`;
}

/**
 * The "configs ready" message: which connection, what happened, both Oracle headends, each file with its link and
 * where it goes, the expiry, and what to do on the device. Built from the model and file metadata only, so no
 * PSK can reach it.
 */
export function configsReadyNotification(
  model: ConnectionModel,
  what: string,
  files: readonly LinkedFile[],
): Notification {
  const expiry = files.reduce<Date | null>(
    (min, f) => (min === null || f.link.expiresAt < min ? f.link.expiresAt : min),
    null,
  );
  const lines = [
    `IPSec connection "${model.label}" (${model.id}) was ${what}; tunnelsmith rendered ${files.length} CPE files.`,
    "",
    "Oracle headends:",
    ...model.tunnels.map(
      (t) =>
        `  tunnel ${t.index} "${t.label}": ${t.oracleIp} (${t.routing}, IKEv${t.ikeVersion}${t.bgp ? `, BGP ${t.bgp.customerIp} <-> ${t.bgp.oracleIp} AS${t.bgp.oracleAsn}` : ""})`,
    ),
    `CPE: ${model.cpe.label} ${model.cpe.publicIp}${model.cpe.behindNat ? ` (local ${model.cpe.localIp}, 1:1 NAT)` : ""}; TCP MSS ${model.mss.mssIpv4} for WAN MTU ${model.site.wanMtu}.`,
    "",
    `Files (links expire ${expiry ? expiry.toISOString() : "never"}):`,
    ...files.flatMap((f) => [
      `  ${f.file.vendor}/${f.file.name}${f.file.secret ? " [contains PSKs]" : ""} -> ${f.file.installHint}`,
      linkLine(f),
    ]),
    "",
    ...nextSteps(
      model,
      files.map((f) => f.file.vendor),
    ),
    "",
    "Files marked [contains PSKs] hold the pre-shared keys: fetch them over a trusted connection, keep them",
    "root-only (0600) and delete the downloaded copies after installing.",
  ];
  return {
    title: truncate(`tunnelsmith: ${model.label} ${what}, CPE configs ready`, 200),
    body: fitBody(lines),
  };
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Drops trailing lines until the body fits, saying so, rather than letting the topic reject the message. */
export function fitBody(lines: readonly string[]): string {
  let body = lines.join("\n");
  let keep = lines.length;
  while (Buffer.byteLength(body, "utf8") > MAX_NOTIFICATION_BYTES && keep > 1) {
    keep--;
    body = `${lines.slice(0, keep).join("\n")}\n… (${lines.length - keep} more lines omitted to fit the 64 KB limit)`;
  }
  return body;
}

/**
 * The "connection deleted" message: what was removed, so whoever still has a link knows it no longer works and
 * the device's tunnels to these headends can be removed.
 */
export function connectionDeletedNotification(
  label: string,
  connectionId: string,
  deletedFiles: number,
  revokedLinks: number,
): Notification {
  return {
    title: truncate(`tunnelsmith: ${label} deleted, CPE configs removed`, 200),
    body: fitBody([
      `IPSec connection "${label}" (${connectionId}) was deleted.`,
      `tunnelsmith revoked ${revokedLinks} download links and deleted ${deletedFiles} stored files.`,
      "",
      "On the device: remove the tunnels, routes and BGP neighbours configured for this connection.",
    ]),
  };
}

/** The one notification also says which vendors were not rendered, why, and what to change. */
export function withRefusals(message: Notification, refused: readonly VendorRefusal[]): Notification {
  if (refused.length === 0) return message;
  return { ...message, body: fitBody([...message.body.split("\n"), "", ...refusalLines(refused)]) };
}

/**
 * A delete event for a connection whose absence could not be confirmed: nothing was deleted, and the function's
 * access probably broke (OCI's 404 also means "not authorized"). Says what to check.
 */
export function accessLooksBrokenNotification(
  label: string,
  connectionId: string,
  readReason: string,
  doubt: string,
): Notification {
  return {
    title: truncate(`tunnelsmith: ${label} delete not confirmed, access looks broken`, 200),
    body: fitBody([
      `A delete event arrived for IPSec connection "${label}" (${connectionId}), and reading it failed (${readReason}),`,
      `but its deletion is not confirmed: ${doubt}.`,
      "tunnelsmith kept every stored file and download link of this connection.",
      "",
      "Check the function's dynamic group and policy (it must read IPSec connections in that compartment).",
    ]),
  };
}
