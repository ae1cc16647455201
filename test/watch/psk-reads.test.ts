import { describe, expect, it } from "vitest";
import { loadEvent, T0 } from "../oci/harness.ts";
import { STATIC, seedUp, setTunnel, useWatchHarness } from "./helpers.ts";

const h = useWatchHarness();
const MIN = 60_000;
const pskReads = () =>
  h.fake.requests.filter((r) => r.method === "GET" && r.path.endsWith("/sharedSecret")).length;

async function rendered(): Promise<void> {
  seedUp(h, "static-ikev1", new Date(T0.getTime() - 3600_000));
  await h.invoke(loadEvent("create-static-ikev1"));
}

describe("PSK reads by the sweep (TUNNELSMITH_PSK_CHECK_HOURS)", () => {
  it("reads the keys once a day while the tunnels are up, and finds a change at the daily read", async () => {
    await rendered();
    const start = pskReads();
    await h.sweep(); // first look after the render: reads both keys, records the baseline
    expect(pskReads() - start).toBe(2);
    h.clock.advance(15 * MIN);
    await h.sweep();
    expect(pskReads() - start).toBe(2); // no read: the two steady calls per connection are gone

    h.fake.setSecret(String(h.tunnel(STATIC, 1).id), "Zq3Xv8Np2Lr5Tb9Wm4Kc7Hd1Fg6Js0Ya");
    h.clock.advance(15 * MIN);
    expect((await h.sweep()).rerendered).toEqual([]); // not read yet: the tunnels are up
    h.clock.advance(24 * 60 * MIN);
    const daily = await h.sweep();
    expect(pskReads() - start).toBe(6); // the daily read's two, and the two of the render it triggers
    expect(daily.rerendered).toEqual([
      { connectionId: STATIC, reasons: ["tunnel 2 PSK changed outside tunnelsmith"], outcome: "rendered" },
    ]);
  });

  it("finds a Terraform revert at once when it takes the tunnel down", async () => {
    const { tunnelIds } = seedUp(h, "static-ikev1", new Date(T0.getTime() - 3600_000));
    await h.invoke(loadEvent("create-static-ikev1"));
    const oldKeys = new Map(tunnelIds.map((id) => [id, h.fake.secrets.get(id) ?? ""]));
    const rotated = await h.invoke({ action: "rotate-psk", ipsecConnectionId: STATIC });
    if (rotated.outcome !== "rotated") throw new Error("not rotated");
    const t = h.tunnel(STATIC, tunnelIds.indexOf(rotated.tunnelId));
    h.clock.advance(60 * MIN);
    setTunnel(t, { status: "UP", at: h.clock.now() }); // the CPE took the new key
    await h.sweep();
    const before = pskReads();
    h.clock.advance(15 * MIN);
    await h.sweep();
    expect(pskReads()).toBe(before); // steady: not read

    // terraform apply puts the old key back; the CPE has the rotated one, so IKE fails and the tunnel drops.
    h.fake.setSecret(rotated.tunnelId, oldKeys.get(rotated.tunnelId) ?? "");
    setTunnel(t, { status: "DOWN", at: h.clock.now() });
    h.clock.advance(15 * MIN);
    const swept = await h.sweep();
    expect(swept.rerendered.flatMap((r) => r.reasons)).toEqual([
      expect.stringMatching(/^tunnel \d PSK reverted to the key tunnelsmith rotated away .*terraform apply/),
    ]);
    expect(pskReads()).toBe(before + 4); // read at once (two), then the render's two
  });

  it("reads the keys at every sweep with TUNNELSMITH_PSK_CHECK_HOURS=0", async () => {
    await rendered();
    const env = { TUNNELSMITH_PSK_CHECK_HOURS: "0" };
    const start = pskReads();
    await h.sweep(false, env);
    h.clock.advance(15 * MIN);
    await h.sweep(false, env);
    expect(pskReads() - start).toBe(4);
  });
});
