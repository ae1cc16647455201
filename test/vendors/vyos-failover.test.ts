import { describe, expect, it } from "vitest";
import type { ConnectionModel } from "../../shared/model/types.ts";
import { renderVendor } from "../../shared/render/registry.ts";
import { BGP_HOLDTIME, charonDefaultGiveUpSec } from "../../shared/vendors/vyos/failover.ts";
import type { Json } from "../helpers/json.ts";
import { all, ikeVersion, nativeInterfaces, noNat, modelFrom as sampleModel } from "../helpers/variants.ts";

/** A sample with vyos's interface spellings, then `edit`. */
function modelFrom(base: string, edit: (s: Json) => void = () => {}) {
  return sampleModel(base, (s) => {
    nativeInterfaces("vyos")(s);
    edit(s);
  });
}

/**
 * VyOS failover (issue 15, defect 5). VyOS cannot shorten charon's IKEv2 retransmission schedule, which is
 * IKEv2's dead-peer detection, so the rendered file states the real detection time instead of implying that
 * `dead-peer-detection timeout` applies; BGP sessions get a hold timer that withdraws a dead tunnel's routes
 * in 30 s whatever DPD does.
 */

function render(model: ConnectionModel): string {
  return renderVendor(model, "vyos")[0]?.content ?? "";
}

/** The comment line right before a tunnel's `dead-peer-detection action` line. */
function dpdNotes(out: string): string[] {
  const lines = out.split("\n");
  return lines.flatMap((line, i) => (/dead-peer-detection action/.test(line) ? [lines[i - 1] ?? ""] : []));
}

describe("vyos dead-peer detection and failover", () => {
  it("charon's default schedule gives up after 4 × (1 + 1.8 + … + 1.8^5) s", () => {
    let expected = 0;
    for (const wait of [4, 7.2, 12.96, 23.328, 41.9904, 75.58272]) expected += wait;
    expect(charonDefaultGiveUpSec()).toBeCloseTo(expected, 1);
    expect(charonDefaultGiveUpSec()).toBeGreaterThan(160);
  });

  it("IKEv2: each tunnel states the real detection time (interval + charon's retransmits), not Oracle's timeout", () => {
    const m = modelFrom("static-ikev1", all(ikeVersion("V2"), noNat));
    const notes = dpdNotes(render(m));
    expect(notes).toHaveLength(2);
    for (const [i, note] of notes.entries()) {
      const t = m.tunnels[i];
      if (!t) throw new Error("two tunnels");
      const interval = Math.floor(t.dpd.timeoutSec / 2);
      expect(note).toMatch(/^# Dead-peer detection \(IKEv2\): about \d+ s, not Oracle's \d+ s/);
      expect(note).toContain(`about ${Math.round(interval + charonDefaultGiveUpSec())} s`);
      expect(note).toContain(`not Oracle's ${t.dpd.timeoutSec} s`);
      expect(note).toContain("IKEv1-only");
    }
  });

  it("IKEv1: detection is the probe interval plus dead-peer-detection timeout", () => {
    const m = modelFrom("static-ikev1");
    const t = m.tunnels[0];
    const [note] = dpdNotes(render(m));
    const interval = Math.floor(t.dpd.timeoutSec / 2);
    expect(note).toContain(
      `(IKEv1): a dead headend is declared after about ${interval + t.dpd.timeoutSec} s`,
    );
    expect(render(m)).toContain(`dead-peer-detection timeout ${t.dpd.timeoutSec}\n`);
  });

  it("BGP neighbours get keepalive 10 / hold time 30, so a dead tunnel's routes go in 30 s", () => {
    const m = modelFrom("bgp-ikev1", all(ikeVersion("V2"), noNat));
    const out = render(m);
    for (const t of m.tunnels) {
      expect(out).toContain(`set protocols bgp neighbor ${t.bgp?.oracleIp} timers keepalive 10\n`);
      expect(out).toContain(
        `set protocols bgp neighbor ${t.bgp?.oracleIp} timers holdtime ${BGP_HOLDTIME}\n`,
      );
    }
    for (const note of dpdNotes(out))
      expect(note).toContain(`BGP's ${BGP_HOLDTIME} s hold time withdraws its routes first`);
  });

  it("static tunnels say their route leaves only when DPD declares the peer dead", () => {
    for (const note of dpdNotes(render(modelFrom("static-ikev1")))) {
      expect(note).toContain("only then its VTI and static route go down");
    }
    expect(render(modelFrom("static-ikev1"))).not.toContain("timers holdtime");
  });
});
