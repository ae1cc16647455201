import type { ConnectionModel } from "../../model/types.ts";
import type { Notification } from "../../ports.ts";
import type { RenderedFile } from "../../render/types.ts";
import { fitBody, type LinkedFile, linkLine } from "../notification.ts";
import { cpeChanges } from "./cpe-changes.ts";
import { reloadLines } from "./reload.ts";

/** What the rotation messages say about the rotation itself (no secret). */
export interface RotationContext {
  tunnelId: string;
  /** The tunnel's position (1 or 2) and Oracle headend, for messages sent without a model. */
  tunnelIndex: number;
  oracleIp: string;
  /** The connection's sanitised display name, for messages sent without a model. */
  label: string;
  rotatedAt: string;
  /** Safety rules `--force` overrode; empty when none was. */
  overridden: readonly string[];
  /** Set when this run finishes an earlier run's rotation (or re-renders stale configs) instead of rotating. */
  repairOf: string | null;
  /** What happened to the Vault copy of the key (TUNNELSMITH_VAULT_ID), or absent/null when none is kept. */
  vault?: string | null;
  /** Linux vendors whose CPE agent has reported (it applies the rotated key itself); absent/empty: none. */
  agentVendors?: readonly string[];
}

function title(text: string): string {
  return text.length <= 200 ? text : `${text.slice(0, 199)}…`;
}

function tunnelOf(model: ConnectionModel, tunnelId: string) {
  return model.tunnels.find((t) => t.id === tunnelId);
}

/** "FORCED" lines: the message must say loudly that a safety rule was overridden. */
function forcedLines(ctx: RotationContext): string[] {
  if (ctx.overridden.length === 0) return [];
  return [
    "FORCED: --force overrode these safety checks; the connection may have no working tunnel until the CPE is updated:",
    ...ctx.overridden.map((r) => `  - ${r}`),
    "",
  ];
}

/** The lines telling the CPE admin exactly what to change: which tunnel, which peer, which file and line. */
export function cpeChangeLines(
  model: ConnectionModel,
  files: readonly RenderedFile[],
  tunnelId: string,
  agentVendors: readonly string[] = [],
): string[] {
  const t = tunnelOf(model, tunnelId);
  if (!t) return [];
  const other = model.tunnels.find((x) => x.id !== tunnelId);
  const changes = cpeChanges(model, files, tunnelId);
  return [
    `What to change on the CPE: only the pre-shared key of tunnel ${t.index} "${t.label}" (peer = Oracle headend ${t.oracleIp}${t.bgp ? `, BGP neighbour ${t.bgp.oracleIp}` : ""}).`,
    `Tunnel ${t.index} stays down until the CPE uses the new key${other ? `; tunnel ${other.index} (${other.oracleIp}) keeps its key and carries the traffic meanwhile` : ""}.`,
    ...changes.flatMap((c) => [
      `  ${c.vendor}/${c.name} -> ${c.installHint}`,
      ...(c.opaque
        ? [`    the key of tunnel ${t.index} (peer ${t.oracleIp}) changed in this file; install the new file`]
        : c.lines.map(
            (l) =>
              `    line ${l.number}: ${l.text ?? `(changes with the key of tunnel ${t.index}; take it from the new file)`}`,
          )),
    ]),
    "Install the new file (or change just these lines from it), then:",
    ...reloadLines(
      model,
      changes.map((c) => c.vendor),
      t.index,
    ),
    ...(agentVendors.length > 0
      ? [
          `A CPE agent is installed (${agentVendors.join(", ")}): it applies the new bundle this way by itself and reports back;`,
          "the other tunnel's key is rotated only once it reported this bundle applied and this tunnel up again.",
        ]
      : []),
  ];
}

function linkLines(files: readonly LinkedFile[]): string[] {
  const expiry = files.reduce<Date | null>(
    (min, f) => (min === null || f.link.expiresAt < min ? f.link.expiresAt : min),
    null,
  );
  return [
    `New files (links expire ${expiry ? expiry.toISOString() : "never"}; every earlier link was revoked):`,
    ...files.flatMap((f) => [
      `  ${f.file.vendor}/${f.file.name}${f.file.secret ? " [contains PSKs]" : ""}`,
      linkLine(f),
    ]),
    "Files marked [contains PSKs] hold the pre-shared keys: fetch them over a trusted connection, keep them",
    "root-only (0600) and delete the downloaded copies after installing.",
  ];
}

/**
 * The message of a completed rotation (or of the run that finished an earlier one): which tunnel got a new key,
 * what to change on the CPE, and the new links. Built for the render flow's `notification` option, so it is sent
 * once the new files and links exist. Contains no key: the CPE lines come from placeholder renderings.
 */
export function rotatedNotification(ctx: RotationContext) {
  return (model: ConnectionModel, _what: string, files: readonly LinkedFile[]): Notification => {
    const t = tunnelOf(model, ctx.tunnelId);
    const which = t ? `tunnel ${t.index} (${t.oracleIp})` : `tunnel ${ctx.tunnelId}`;
    const forced = ctx.overridden.length > 0 ? " [FORCED]" : "";
    const header = ctx.repairOf
      ? [
          `An earlier PSK rotation is finished now (${ctx.repairOf}).`,
          `OCI holds a new key for ${which} of IPSec connection "${model.label}" (${model.id}) since ${ctx.rotatedAt}.`,
        ]
      : [
          `tunnelsmith rotated the pre-shared key of ${which} of IPSec connection "${model.label}" (${model.id}) at ${ctx.rotatedAt}.`,
        ];
    const lines = [
      ...header,
      ...(ctx.vault ? [ctx.vault] : []),
      "",
      ...forcedLines(ctx),
      ...cpeChangeLines(
        model,
        files.map((f) => f.file),
        ctx.tunnelId,
        ctx.agentVendors ?? [],
      ),
      "",
      ...linkLines(files),
    ];
    return {
      title: title(`tunnelsmith${forced}: ${model.label} new PSK for ${which}, update the CPE`),
      body: fitBody(lines),
    };
  };
}

/**
 * OCI has the new key but the configs holding it are not stored yet (the tunnel was still reprovisioning at the
 * deadline, or storing failed): the tunnel is down and the CPE admin has nothing to install yet. Says so, and
 * what finishes it.
 */
export function rotationIncompleteNotification(
  connectionId: string,
  ctx: RotationContext,
  why: string,
): Notification {
  return {
    title: title(
      `tunnelsmith${ctx.overridden.length > 0 ? " [FORCED]" : ""}: ${ctx.label} PSK of tunnel ${ctx.tunnelIndex} changed, configs not ready yet`,
    ),
    body: fitBody([
      `tunnelsmith changed the pre-shared key of tunnel ${ctx.tunnelIndex} (${ctx.oracleIp}) of IPSec connection "${ctx.label}" (${connectionId}) in OCI at ${ctx.rotatedAt},`,
      `but ${why}.`,
      `Tunnel ${ctx.tunnelIndex} is down until the CPE has the new key; the other tunnel keeps its key.`,
      ...(ctx.vault ? [ctx.vault] : []),
      "",
      ...forcedLines(ctx),
      "Nothing to do on the CPE yet. The next run stores the configs with the new key and sends their links:",
      `run \`tunnelsmith rotate --ipsec ${connectionId}\` or invoke the function with {"action":"rotate-psk","ipsecConnectionId":"${connectionId}"}`,
      "(a scheduled rotate-psk run does it too). It will not rotate another key before this one is finished.",
    ]),
  };
}

/**
 * An earlier rotation's configs had already been stored and announced by another render (e.g. an update event)
 * when this run found the rotation unfinished: only the record was missing. Says what to change on the CPE; the
 * links were in the earlier message.
 */
export function rotationCompletedNotification(
  model: ConnectionModel,
  files: readonly RenderedFile[],
  ctx: RotationContext,
  announcedAt: string | null,
): Notification {
  const t = tunnelOf(model, ctx.tunnelId);
  const which = t ? `tunnel ${t.index} (${t.oracleIp})` : `tunnel ${ctx.tunnelId}`;
  return {
    title: title(`tunnelsmith: ${model.label} new PSK for ${which}, update the CPE`),
    body: fitBody([
      `OCI holds a new pre-shared key for ${which} of IPSec connection "${model.label}" (${model.id}) since ${ctx.rotatedAt}.`,
      `The configs with it were stored${announcedAt ? ` at ${announcedAt}` : ""} and their links sent in the "CPE configs ready" message then.`,
      "",
      ...forcedLines(ctx),
      ...cpeChangeLines(model, files, ctx.tunnelId),
    ]),
  };
}
