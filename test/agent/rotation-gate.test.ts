import { describe, expect, it } from "vitest";
import { sha256 } from "../../shared/core/fingerprint.ts";
import { BUCKET, loadEvent, useOciHarness } from "../oci/harness.ts";
import { STATIC, STATIC_T1, STATIC_T2, seedHealthy } from "../rotation/helpers.ts";

const h = useOciHarness();
const PREFIX = `connections/${STATIC}/`;
const STATUS = `${PREFIX}agent-status/libreswan.json`;
const AGENT_ON = { TUNNELSMITH_AGENT: "on", TUNNELSMITH_AGENT_REPORT_MINUTES: "30" };

function bucket() {
  const b = h.fake.buckets.get(BUCKET);
  if (!b) throw new Error("no bucket");
  return b;
}

/** What an agent writes through its status link: the bundle it applied and its tunnels. */
function report(bundle: string, tunnel1: "up" | "down", tunnel2: "up" | "down") {
  const body = JSON.stringify({
    connectionId: STATIC,
    vendor: "libreswan",
    result: "applied",
    bundle,
    tunnels: [
      { name: "tunnel1", state: tunnel1 },
      { name: "tunnel2", state: tunnel2 },
    ],
    error: "",
    publicKey: "",
    time: h.clock.now().toISOString(),
  });
  bucket().objects.set(STATUS, {
    body,
    etag: h.fake.newEtag(),
    contentType: "application/json",
    meta: {},
    kmsKeyId: null,
  });
}

const storedBundle = () => sha256(bucket().objects.get(`${PREFIX}libreswan/manifest.json`)?.body ?? "");
const rotate = () =>
  h.invoke(
    { action: "rotate-psk", ipsecConnectionId: STATIC },
    { handler: h.handler(AGENT_ON), deadlineMs: 1_800_000 },
  );
/** OCI sees both tunnels up again (the CPE has the key): only the agent's report can hold rotation back now. */
function ociTunnelsUp() {
  for (const t of h.fake.tunnels.get(STATIC) ?? []) t.status = "UP";
}

describe("rotation with a CPE agent (issue 20.5)", () => {
  it("moves on to tunnel 2 only once the agent reports the new bundle applied and tunnel 1 up; a silent agent is alerted once", async () => {
    seedHealthy(h, "static-ikev1");
    await h.invoke(loadEvent("create-static-ikev1"), { handler: h.handler(AGENT_ON) });
    report(storedBundle(), "up", "up");

    const first = await rotate();
    expect(first).toMatchObject({ outcome: "rotated", tunnelId: STATIC_T1 });
    const message = h.fake.messages.at(-1)?.body ?? "";
    expect(message).toContain("ipsec auto --rereadsecrets");
    expect(message).toMatch(/ipsec auto --replace \S+\n\s+ipsec auto --asynchronous --up \S+/);
    expect(message).toContain("A CPE agent is installed (libreswan)");
    expect(message).not.toMatch(/or restart it/);

    // OCI says UP, but the agent still reports the bundle from before the rotation: tunnel 2 waits.
    ociTunnelsUp();
    const waiting = await rotate();
    expect(waiting).toMatchObject({ outcome: "refused", tunnel: { tunnelId: STATIC_T2 }, forceable: true });
    expect(JSON.stringify(waiting)).toContain("has not reported applying the configs stored at");
    const sent = h.fake.messages.length;

    // Past the report window: one alert naming the CPE, not repeated by the next run.
    h.clock.advance(31 * 60_000);
    expect((await rotate()).outcome).toBe("refused");
    expect((await rotate()).outcome).toBe("refused");
    const alerts = h.fake.messages.slice(sent);
    expect(alerts.map((m) => m.title)).toEqual([
      expect.stringContaining("CPE agent has not reported the new bundle"),
    ]);
    expect(alerts[0]?.body).toContain(STATIC);

    // The agent applied it, but tunnel 1 is not up again: still waiting.
    report(storedBundle(), "down", "up");
    expect(JSON.stringify(await rotate())).toContain("reports tunnel 1 down, not up");

    // Applied and tunnel 1 up again: tunnel 2 is rotated.
    report(storedBundle(), "up", "up");
    expect(await rotate()).toMatchObject({ outcome: "rotated", tunnelId: STATIC_T2 });
  });

  it("without an agent report, rotation behaves as before (OCI's tunnel status decides)", async () => {
    seedHealthy(h, "static-ikev1");
    await h.invoke(loadEvent("create-static-ikev1"), { handler: h.handler(AGENT_ON) });
    expect(await rotate()).toMatchObject({ outcome: "rotated", tunnelId: STATIC_T1 });
    ociTunnelsUp();
    expect(await rotate()).toMatchObject({ outcome: "rotated", tunnelId: STATIC_T2 });
    expect(h.fake.messages.at(-1)?.body).not.toContain("A CPE agent is installed");
  });
});
