import { NEW_CLIENT_VERSION, needsNewClient } from "./algorithms.ts";
import type { VpnaasPlan } from "./plan.ts";
import { shQuote as q } from "./shell.ts";

/**
 * The view of `oci-vpnaas.sh`. Every value that reaches a command line is already one single-quoted shell
 * word (see {@link q}); the `…Text` fields are for comments and messages only and hold validated addresses.
 */
export function vpnaasScriptView(p: VpnaasPlan) {
  return {
    clientChecks: clientChecks(p),
    newClient: `python-neutronclient ${NEW_CLIENT_VERSION}`,
    newClientPip: `python-neutronclient>=${NEW_CLIENT_VERSION}`,
    connectionLabel: p.connectionLabel,
    connectionId: p.connectionId,
    cpeLabel: p.cpeLabel,
    cpePublicIpText: p.cpePublicIp,
    routerIpText: p.routerIp,
    mss: p.mss,
    tunnelMtu: p.tunnelMtu,
    routerIp: q(p.routerIp),
    service: q(p.service),
    serviceDescription: q(`tunnelsmith: OCI IPSec connection ${p.connectionId}`),
    localGroupPrefix: q(`${p.prefix}-local-`),
    localCidrs: q(p.localCidrs.join(" ")),
    localCidrsText: p.localCidrs.join(" "),
    prefixText: p.prefix,
    static: p.routing === "STATIC",
    policy: p.routing === "POLICY",
    ikePolicies: p.ikePolicies.map((x) => ({
      name: q(x.name),
      ikeVersion: q(x.ikeVersion),
      phase1NegotiationMode: q(x.phase1NegotiationMode),
      encryptionAlgorithm: q(x.encryptionAlgorithm),
      authAlgorithm: q(x.authAlgorithm),
      pfs: q(x.pfs),
      lifetime: q(`units=seconds,value=${x.lifetime}`),
    })),
    ipsecPolicies: p.ipsecPolicies.map((x) => ({
      name: q(x.name),
      transformProtocol: q(x.transformProtocol),
      encapsulationMode: q(x.encapsulationMode),
      encryptionAlgorithm: q(x.encryptionAlgorithm),
      authAlgorithm: q(x.authAlgorithm),
      pfs: q(x.pfs),
      lifetime: q(`units=seconds,value=${x.lifetime}`),
    })),
    peerGroups: p.peerGroups.map((g) => ({
      name: q(g.name),
      type: q(g.type),
      endpoints: g.endpoints.map(q),
    })),
    connections: p.connections.map((c) => ({
      index: c.index,
      label: c.label,
      tunnelId: c.tunnelId,
      name: q(c.name),
      fingerprint: q(`tunnelsmith ${c.fingerprint}`),
      ikePolicy: q(c.ikePolicy),
      ipsecPolicy: q(c.ipsecPolicy),
      peerGroup: q(c.peerGroup),
      peerAddress: q(c.peerAddress),
      peerId: q(c.peerId),
      localId: q(c.localId),
      psk: q(c.psk),
      initiator: q(c.initiator),
      mtu: q(c.mtu),
      dpd: q(`action=${c.dpd.action},interval=${c.dpd.interval},timeout=${c.dpd.timeout}`),
    })),
  };
}

/**
 * The policy values this script passes that clients before python-neutronclient {@link NEW_CLIENT_VERSION} do not offer (AES-GCM, DH groups
 * 19/20): the script looks each up in its client's `--help` before creating anything, so an old client stops it
 * with the version to install instead of failing half-way.
 */
function clientChecks(p: VpnaasPlan) {
  const wanted = new Map<string, { command: string; value: string }>();
  const add = (command: string, value: string) => {
    if (needsNewClient(value)) wanted.set(`${command} ${value}`, { command, value });
  };
  for (const x of p.ikePolicies) {
    add("ike", x.encryptionAlgorithm);
    add("ike", x.pfs);
  }
  for (const x of p.ipsecPolicies) {
    add("ipsec", x.encryptionAlgorithm);
    add("ipsec", x.pfs);
  }
  return [...wanted.values()].map((c) => ({ command: c.command, value: q(c.value), valueText: c.value }));
}
