import type { ConnectionModel } from "../../model/types.ts";
import { libreswanView } from "../../vendors/libreswan/view.ts";
import { strongswanView } from "../../vendors/strongswan/view.ts";

/**
 * The commands that make a Linux CPE use a rotated PSK for one tunnel without restarting the IKE daemon (a
 * restart drops both tunnels): reload the secrets, then re-establish only that tunnel. The same commands
 * install.sh runs (templates/linux-agent/install.sh.mustache), so a CPE updated by hand behaves like one with
 * the agent. Null for vendors that are not Linux IKE daemons (routers have their own commit).
 */
export function reloadCommands(model: ConnectionModel, vendor: string, tunnelIndex: number): string[] | null {
  if (vendor === "libreswan") {
    const conns = libreswanView(model)
      .conns.filter((c) => c.index === tunnelIndex)
      .map((c) => c.name);
    return [
      "ipsec auto --rereadsecrets",
      ...conns.flatMap((c) => [`ipsec auto --replace ${c}`, `ipsec auto --asynchronous --up ${c}`]),
    ];
  }
  if (vendor === "strongswan") {
    const conns = strongswanView(model).conns.filter((c) => c.index === tunnelIndex);
    return [
      "swanctl --load-creds",
      ...conns.map((c) => `swanctl --terminate --ike ${c.name}`),
      ...conns.flatMap((c) => c.children.map((ch) => `swanctl --initiate --child ${ch.name}`)),
    ];
  }
  return null;
}

/** The message lines naming those commands for each Linux vendor among `vendors`, or a generic line for the rest. */
export function reloadLines(
  model: ConnectionModel,
  vendors: readonly string[],
  tunnelIndex: number,
): string[] {
  const lines: string[] = [];
  let other = false;
  for (const vendor of [...new Set(vendors)]) {
    const commands = reloadCommands(model, vendor, tunnelIndex);
    if (commands === null) {
      other = true;
      continue;
    }
    lines.push(
      `${vendor}: load the new key and re-establish tunnel ${tunnelIndex} only (never restart the daemon: that drops both tunnels):`,
      ...commands.map((c) => `    ${c}`),
    );
  }
  if (other || lines.length === 0) {
    lines.push(
      `Other devices: change just these lines (or install the new file) and commit, then check that tunnel ${tunnelIndex} comes up.`,
    );
  }
  return lines;
}
