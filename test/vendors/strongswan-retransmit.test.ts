import { describe, expect, it } from "vitest";
import { renderVendor } from "../../shared/render/registry.ts";
import { giveUpAfterSec, retransmitSchedule } from "../../shared/vendors/strongswan/retransmit.ts";
import type { Json } from "../helpers/json.ts";
import { modelFrom } from "../helpers/variants.ts";

function withDpdTimeouts(first: number, second: number) {
  return (s: Json) => {
    s.tunnels[0].dpdTimeoutInSec = first;
    s.tunnels[1].dpdTimeoutInSec = second;
  };
}

describe("strongSwan retransmission schedule (IKEv2 dead-peer detection)", () => {
  it("adds up every wait charon makes: 2 s, then ×1.4 per retransmit", () => {
    expect(giveUpAfterSec(0)).toBeCloseTo(2);
    expect(giveUpAfterSec(3)).toBeCloseTo(2 + 2.8 + 3.92 + 5.488);
  });

  it("fits Oracle's default 20 s DPD timeout: 3 retransmits, given up after 14.2 s", () => {
    const s = retransmitSchedule(modelFrom("bgp-ikev1"));
    expect(s).toMatchObject({ tries: 3, timeoutSec: 2, base: 1.4, giveUpSec: "14.2", dpdTimeoutSec: 20 });
  });

  it("fits the shorter of the two tunnels' DPD timeouts (the setting is daemon-wide)", () => {
    const s = retransmitSchedule(modelFrom("bgp-ikev1", withDpdTimeouts(60, 30)));
    expect(s.dpdTimeoutSec).toBe(30);
    expect(s.tries).toBe(4);
    expect(giveUpAfterSec(s.tries)).toBeLessThanOrEqual(30);
    expect(giveUpAfterSec(s.tries + 1)).toBeGreaterThan(30);
  });

  it("never goes below 2 retransmits nor above charon's default of 5", () => {
    expect(retransmitSchedule(modelFrom("bgp-ikev1", withDpdTimeouts(5, 5))).tries).toBe(2);
    expect(retransmitSchedule(modelFrom("bgp-ikev1", withDpdTimeouts(3600, 3600))).tries).toBe(5);
  });

  it("is rendered as a charon section with those values", () => {
    const file = renderVendor(modelFrom("bgp-ikev1"), "strongswan").find(
      (f) => f.name === "oci-vpn-charon.conf",
    );
    expect(file?.secret).toBe(false);
    expect(file?.content).toMatch(
      /^charon \{\n\tretransmit_tries = 3\n\tretransmit_timeout = 2\n\tretransmit_base = 1\.4\n\}\n$/m,
    );
  });
});
