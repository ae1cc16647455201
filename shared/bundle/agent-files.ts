import { CapabilityError } from "../errors.ts";
import type { ConnectionModel } from "../model/types.ts";
import { renderTemplate } from "../render/templates.ts";
import type { RenderedFile } from "../render/types.ts";
import { hostNames } from "../vendors/linux-host/names.ts";
import { actionFor, installPathOf } from "./actions.ts";

/**
 * The zero-touch files every Linux vendor folder carries besides its configs (issue 20): install.sh (places
 * and applies the folder's manifest), and the agent (oci-vpn-agent.sh + .service + .timer) that fetches the
 * folder from the bucket (or a local folder) and runs that install.sh. Rendered from templates/linux-agent/.
 */

const FOLDER = "linux-agent";

/** The names of the files {@link agentFiles} adds to a vendor folder. */
export const AGENT_FILE_NAME = /^(install\.sh|oci-vpn-agent(-slot\d+)?\.(sh|service|timer))$/;

/** One OCI tunnel as install.sh sees it: what identifies its PSK and which IKE/CHILD names re-establish it. */
export interface AgentTunnel {
  /** `tunnel1`, `tunnel2`: stable names for status.json. */
  name: string;
  /** Oracle's address: the PSK line/block of the tunnel is found by it. */
  peer: string;
  /** Libreswan conns or swanctl connections of the tunnel. */
  conns: string[];
  /** swanctl CHILD_SAs of the tunnel (empty for Libreswan). */
  children: string[];
}

/** What the vendor tells the agent files. */
export interface AgentFileOptions {
  /** The IKE daemon's systemd unit, restarted only when its own settings change (`""` without one). */
  daemonUnit: string;
  tunnels: AgentTunnel[];
}

/** Names and paths of one connection's agent files (slot-suffixed so several connections share a CPE). */
export function agentNames(m: ConnectionModel) {
  const state = hostNames(m).stateName;
  const agent = state.replace(/^oci-vpn/, "oci-vpn-agent");
  return {
    agentScript: `${agent}.sh`,
    serviceUnit: `${agent}.service`,
    timerUnit: `${agent}.timer`,
    agentPath: `/usr/local/sbin/${agent}.sh`,
    installPath: `/usr/local/lib/tunnelsmith/${state}/install.sh`,
    confPath: `/etc/tunnelsmith/${state}.conf`,
    keyPath: `/etc/tunnelsmith/${state}.key`,
    statePath: `/var/lib/tunnelsmith/${state}`,
  };
}

/** Shell-safe word: these values go into single-quoted assignments, case patterns and here-documents. */
const WORD = /^[A-Za-z0-9._:@/-]*$/;

function shellWord(vendor: string, what: string, value: string): string {
  if (!WORD.test(value)) throw new CapabilityError(vendor, `${what} "${value}" is not usable in install.sh`);
  return value;
}

/** Renders install.sh and the agent files for `files` (the vendor's other files, each with an install path). */
export function agentFiles(
  vendor: string,
  m: ConnectionModel,
  files: readonly RenderedFile[],
  options: AgentFileOptions,
): RenderedFile[] {
  const names = agentNames(m);
  const own: [string, string][] = [
    ["install.sh", names.installPath],
    [names.agentScript, names.agentPath],
    [names.serviceUnit, `/etc/systemd/system/${names.serviceUnit}`],
    [names.timerUnit, `/etc/systemd/system/${names.timerUnit}`],
  ];
  const placed: [string, string][] = files.map((f) => {
    const path = installPathOf(f);
    if (!path) throw new CapabilityError(vendor, `${f.name} has no install path`);
    return [f.name, path];
  });
  const view = {
    connectionLabel: m.label,
    connectionId: shellWord(vendor, "connection id", m.id),
    cpeLabel: m.cpe.label,
    vendor,
    ...names,
    daemonUnit: shellWord(vendor, "daemon unit", options.daemonUnit),
    actions: [...placed, ...own].map(([name, path]) => ({ name, action: actionFor(path) })),
    tunnels: options.tunnels.map((t) => ({
      name: t.name,
      peer: shellWord(vendor, "Oracle address", t.peer),
      conns: t.conns.map((c) => shellWord(vendor, "conn name", c)).join(" "),
      children: t.children.map((c) => shellWord(vendor, "child name", c)).join(" "),
    })),
  };
  const hints: Record<string, string> = {
    "install.sh": `${names.installPath}, mode 0755; run: sh install.sh (validates, installs manifest.json's files, applies what changed)`,
    [names.agentScript]: `${names.agentPath}, mode 0755; bootstrap: ${names.agentScript} --once --source <PAR URL or folder>`,
    [names.serviceUnit]: `/etc/systemd/system/${names.serviceUnit} (started by ${names.timerUnit})`,
    [names.timerUnit]: `/etc/systemd/system/${names.timerUnit}, then: systemctl enable --now ${names.timerUnit}`,
  };
  const template: Record<string, string> = {
    "install.sh": "install.sh",
    [names.agentScript]: "oci-vpn-agent.sh",
    [names.serviceUnit]: "oci-vpn-agent.service",
    [names.timerUnit]: "oci-vpn-agent.timer",
  };
  return own.map(([name]) => ({
    vendor,
    name,
    content: renderTemplate(FOLDER, template[name] ?? name, view),
    secret: false,
    installHint: hints[name] ?? "",
  }));
}
