import { describe, expect, it } from "vitest";
import { CapabilityError } from "../../shared/errors.ts";
import type { ConnectionModel } from "../../shared/model/types.ts";
import { renderVendor } from "../../shared/render/registry.ts";
import { openstackVpnaasRenderer } from "../../shared/vendors/openstack-vpnaas/index.ts";
import { routerosRenderer } from "../../shared/vendors/routeros/index.ts";
import { modelFrom } from "../helpers/variants.ts";

/**
 * Every per-tunnel refusal a renderer raises itself has one shape (capabilities.ts `tunnelError`):
 * `<vendor>: tunnel <n> "<label>" (<tunnel OCID>): <what>`, and values outside a CLI's range say so the same
 * way (`rangeError`), so a user (and `tunnelsmith check`) reads every refusal alike.
 */

const SHAPE = /^[a-z0-9-]+: tunnel [12] "[^"]+" \(ocid1\.ipsectunnel\.[^)]+\): \S/;

function refusal(render: () => unknown): CapabilityError {
  try {
    render();
  } catch (error) {
    if (error instanceof CapabilityError) return error;
    throw error;
  }
  throw new Error("rendered");
}

const via = (vendor: string, model: () => ConnectionModel) => () => renderVendor(model(), vendor);

const CASES: Record<string, { render: () => unknown; says: RegExp }> = {
  "vyos MSS": {
    render: via("vyos", () => modelFrom("bgp-ikev2-branch-router", (s) => (s.site.wanMtu = 576))),
    says: /: TCP MSS \d+ is outside the VyOS range 536-65535\.$/,
  },
  "cisco-iosxe MSS": {
    render: via("cisco-iosxe", () => modelFrom("bgp-ikev2-branch-router", (s) => (s.site.wanMtu = 576))),
    says: /: TCP MSS \d+ is outside the IOS XE range 500-1460\.$/,
  },
  "juniper-srx lifetime": {
    render: via("juniper-srx", () =>
      modelFrom("bgp-ikev2-branch-router", (s) => (s.tunnels[0].phaseOneDetails.lifetime = 120)),
    ),
    says: /: phase 1 lifetime 120 s is outside the Junos range 180-86400 s\.$/,
  },
  "yamaha-rtx lifetime": {
    render: via("yamaha-rtx", () =>
      modelFrom("bgp-ikev2-branch-router", (s) => (s.tunnels[1].phaseTwoDetails.lifetime = 200)),
    ),
    says: /: SA lifetime 200 s is outside the RTX range 300-691200 s\.$/,
  },
  "paloalto lifetime": {
    render: via("paloalto", () =>
      modelFrom("bgp-ikev2-branch-router", (s) => (s.tunnels[1].phaseTwoDetails.lifetime = 150)),
    ),
    says: /: a phase 2 lifetime of 150 s cannot be written/,
  },
  "strongswan NAT-T": {
    render: via("strongswan", () =>
      modelFrom("static-ikev1", (s) => (s.tunnels[1].natTranslationEnabled = "DISABLED")),
    ),
    says: /: NAT traversal is DISABLED/,
  },
  "routeros BGP": {
    render: () => routerosRenderer.render(modelFrom("bgp-ikev1")),
    says: /: .*BGP/,
  },
  "openstack-vpnaas BGP": {
    render: () => openstackVpnaasRenderer.render(modelFrom("bgp-ikev1")),
    says: /: BGP routing needs a route-based tunnel/,
  },
};

describe("per-tunnel refusals share one shape", () => {
  for (const [name, { render, says }] of Object.entries(CASES)) {
    it(name, () => {
      const e = refusal(render);
      expect(e.message).toMatch(SHAPE);
      expect(e.message).toMatch(says);
    });
  }
});
