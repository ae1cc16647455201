import type { VpnaasPlan } from "./plan.ts";

/**
 * A YAML double-quoted scalar. JSON string syntax is valid YAML, and JSON.stringify escapes quotes,
 * backslashes and control characters, so no value can end the scalar or start a new key.
 */
function y(value: string): string {
  return JSON.stringify(value);
}

/**
 * The view of `oci-vpnaas.yaml`: the same plan as the script, in the layout of the Fujitsu K5 deployment's `conf/ipsec.yaml`
 * (one top-level key per object, holding the API request body). IDs that Neutron assigns are null.
 */
export function vpnaasYamlView(p: VpnaasPlan) {
  return {
    connectionLabel: p.connectionLabel,
    connectionId: p.connectionId,
    cpeLabel: p.cpeLabel,
    routerIpText: p.routerIp,
    service: y(p.service),
    serviceText: p.service,
    localCidrs: p.localCidrs,
    ikePolicies: p.ikePolicies.map((x) => ({
      name: y(x.name),
      ikeVersion: y(x.ikeVersion),
      phase1NegotiationMode: y(x.phase1NegotiationMode),
      authAlgorithm: y(x.authAlgorithm),
      encryptionAlgorithm: y(x.encryptionAlgorithm),
      pfs: y(x.pfs),
      lifetime: x.lifetime,
    })),
    ipsecPolicies: p.ipsecPolicies.map((x) => ({
      name: y(x.name),
      transformProtocol: y(x.transformProtocol),
      authAlgorithm: y(x.authAlgorithm),
      encapsulationMode: y(x.encapsulationMode),
      encryptionAlgorithm: y(x.encryptionAlgorithm),
      pfs: y(x.pfs),
      lifetime: x.lifetime,
    })),
    peerGroups: p.peerGroups.map((g) => ({
      name: y(g.name),
      type: y(g.type),
      endpoints: g.endpoints.map(y),
    })),
    connections: p.connections.map((c) => ({
      index: c.index,
      label: c.label,
      tunnelId: c.tunnelId,
      name: y(c.name),
      psk: y(c.psk),
      peerAddress: y(c.peerAddress),
      peerId: y(c.peerId),
      localId: y(c.localId),
      ikePolicyText: c.ikePolicy,
      ipsecPolicyText: c.ipsecPolicy,
      peerGroupText: c.peerGroup,
      initiator: y(c.initiator),
      mtu: c.mtu,
      dpd: { action: y(c.dpd.action), interval: c.dpd.interval, timeout: c.dpd.timeout },
    })),
  };
}
