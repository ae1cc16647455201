import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sealKeyId } from "../../shared/bundle/encrypt-secret.ts";
import { sha256 } from "../../shared/core/fingerprint.ts";
import { parseManifest } from "../../shared/render/manifest.ts";
import { parHandlers } from "../msw/objectstorage-par.ts";
import { MSW_ORIGINS } from "../msw/server.ts";
import { BUCKET, loadEvent, useOciHarness } from "../oci/harness.ts";

const h = useOciHarness();
const CONNECTION = "ocid1.ipsecconnection.oc1.ap-tokyo-1.aaaaaaaastaticikev1";
const PREFIX = `connections/${CONNECTION}/`;
const FOLDER = `${PREFIX}libreswan/`;
const STATUS = `${PREFIX}agent-status/libreswan.json`;
const LINK_ORIGIN = "https://objectstorage.ap-tokyo-1.oraclecloud.com";
const AGENT_ON = { TUNNELSMITH_AGENT: "on" };
const DAY = 86_400_000;
const COMPARTMENT = "ocid1.compartment.oc1..aaaaaaaaexamplecompartment";

function bucket() {
  const b = h.fake.buckets.get(BUCKET);
  if (!b) throw new Error("no bucket");
  return b;
}

/** The read link as the bootstrap command in the latest message names it. */
function bootstrapReadUrl(): string {
  const body = h.fake.messages.at(-1)?.body ?? "";
  const m = /sudo sh \/tmp\/oci-vpn-agent\.sh --once --source '([^']+)'/.exec(body);
  if (!m?.[1]) throw new Error(`no bootstrap command in the message:\n${body}`);
  return m[1];
}

function agentConf(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split("\n")
      .filter((l) => /^[A-Z_]+=/.test(l))
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
}

function status(bundle: string, publicKey: string, tunnels = ["up", "up"]): string {
  return JSON.stringify({
    connectionId: CONNECTION,
    vendor: "libreswan",
    result: "applied",
    bundle,
    tunnels: tunnels.map((state, i) => ({ name: `tunnel${i + 1}`, state })),
    error: "",
    publicKey,
    time: h.clock.now().toISOString(),
  });
}

function rsaPublicPem(): string {
  return generateKeyPairSync("rsa", { modulusLength: 3072 })
    .publicKey.export({ type: "spki", format: "pem" })
    .toString();
}

let events = 0;
/** One event through a handler with the agent on; a fresh eventID each time, so none is a redelivery. */
async function render(event = "update-static-ikev1") {
  events += 1;
  return h.invoke({ ...loadEvent(event), eventID: `agent-test-${events}` }, { handler: h.handler(AGENT_ON) });
}

describe("the CPE agent's links in OCI mode (msw, TUNNELSMITH_AGENT=on)", () => {
  it("gives the Linux folder one prefix read link and one status write link, stores manifest.json last, and says how to bootstrap", async () => {
    h.seed("static-ikev1");
    h.server.use(...parHandlers(h.fake, LINK_ORIGIN, () => h.clock.now()));

    const result = await render("create-static-ikev1");

    expect(result.outcome).toBe("rendered");
    const pars = [...bucket().pars.values()];
    const read = pars.filter((p) => p.accessType === "AnyObjectRead");
    const write = pars.filter((p) => p.accessType === "ObjectWrite");
    expect(read.map((p) => [p.objectName, p.bucketListingAction])).toEqual([[FOLDER, "Deny"]]);
    expect(write.map((p) => p.objectName)).toEqual([STATUS]);

    // manifest.json is the last object of the folder written, and names what is stored.
    const puts = h.fake.putHistory.map((p) => p.objectName).filter((n) => n.startsWith(FOLDER));
    expect(puts.at(-1)).toBe(`${FOLDER}manifest.json`);
    expect(puts.filter((n) => n.endsWith("manifest.json"))).toHaveLength(1);
    const manifest = parseManifest(bucket().objects.get(`${FOLDER}manifest.json`)?.body ?? "");
    expect(manifest?.files.map((f) => f.name)).toContain("agent.conf");
    for (const f of manifest?.files ?? []) {
      expect(sha256(bucket().objects.get(`${FOLDER}${f.name}`)?.body ?? "missing"), f.name).toBe(f.sha256);
    }

    // The bootstrap command's link reads the folder, and nothing else: no listing, no state, no other folder.
    const readUrl = bootstrapReadUrl();
    expect(readUrl.startsWith(`${LINK_ORIGIN}/p/`)).toBe(true);
    expect(readUrl.endsWith(`/o/${FOLDER}`)).toBe(true);
    const got = await fetch(`${readUrl}manifest.json`);
    expect(got.status).toBe(200);
    expect(await got.text()).toBe(bucket().objects.get(`${FOLDER}manifest.json`)?.body);
    expect((await fetch(readUrl)).status).toBe(404);
    expect((await fetch(readUrl.replace(FOLDER, `${PREFIX}state.json`))).status).toBe(404);
    expect((await fetch(readUrl.replace(FOLDER, STATUS))).status).toBe(404);

    // agent.conf (in the bundle) names both links; the status link writes its object and only that.
    const conf = agentConf(await (await fetch(`${readUrl}agent.conf`)).text());
    expect(conf.SOURCE).toBe(readUrl);
    const statusUrl = conf.STATUS_URL ?? "";
    expect(statusUrl.endsWith(encodeURIComponent(STATUS))).toBe(true);
    expect((await fetch(statusUrl, { method: "PUT", body: "{}" })).status).toBe(200);
    expect(bucket().objects.get(STATUS)?.body).toBe("{}");
    expect(
      (await fetch(statusUrl.replace("libreswan.json", "x.json"), { method: "PUT", body: "{}" })).status,
    ).toBe(404);
    expect((await fetch(`${readUrl}agent.conf`, { method: "PUT", body: "x" })).status).toBe(404);
    // No URL in state.json (a PAR URL is a bearer token).
    const state = bucket().objects.get(`${PREFIX}state.json`)?.body ?? "";
    expect(state).not.toContain("/p/");
    expect(JSON.parse(state).agent.vendors.libreswan.read.id).toBe(read[0]?.id);
  });

  it("renews the links before they expire, keeps the old pair until the agent applied the bundle naming the new one", async () => {
    h.seed("static-ikev1");
    await render("create-static-ikev1");
    const first = [...bucket().pars.values()].filter((p) => p.accessType !== "ObjectRead").map((p) => p.id);
    expect(first).toHaveLength(2);

    // Nothing changed and the links are fresh: an update stores nothing and creates no link.
    h.clock.advance(1 * DAY);
    expect((await render()).outcome).toBe("unchanged");

    // 5 days in, 2 left: below the default threshold (a third of the 7-day TTL), so new links.
    h.clock.advance(4 * DAY);
    expect((await render()).outcome).toBe("rendered");
    const agentPars = () => [...bucket().pars.values()].filter((p) => p.accessType !== "ObjectRead");
    const second = agentPars()
      .map((p) => p.id)
      .filter((id) => !first.includes(id));
    expect(second).toHaveLength(2);
    expect(agentPars().map((p) => p.id)).toEqual(expect.arrayContaining(first));
    expect(h.fake.messages.at(-1)?.body).toContain("--once --source");

    // The agent reports the new bundle through a status link: the superseded pair is revoked on the next render.
    const bundle = sha256(bucket().objects.get(`${FOLDER}manifest.json`)?.body ?? "");
    bucket().objects.set(STATUS, {
      body: status(bundle, ""),
      etag: "e1",
      contentType: "application/json",
      meta: {},
      kmsKeyId: null,
    });
    await render();
    expect(
      agentPars()
        .map((p) => p.id)
        .sort(),
    ).toEqual(second.sort());
  });

  it("the sweep renews agent links that expire soon on a connection without events", async () => {
    h.seed("static-ikev1");
    await render("create-static-ikev1");
    const agentPars = () =>
      [...bucket().pars.values()].filter((p) => p.accessType !== "ObjectRead").map((p) => p.id);
    const before = agentPars();
    h.clock.advance(5 * DAY);

    const result = await h.invoke(
      { action: "sweep", compartmentId: COMPARTMENT, includeSubcompartments: false },
      { handler: h.handler({ ...AGENT_ON, TUNNELSMITH_ENDPOINT_IDENTITY: MSW_ORIGINS.identity }) },
    );

    expect(JSON.stringify(result)).toContain("agent links");
    const created = agentPars().filter((id) => !before.includes(id));
    expect(created).toHaveLength(2);
  });

  it("pins the first key the agent reports and seals PSK files to it; a different key later is refused with one alert", async () => {
    const { psks } = h.seed("static-ikev1");
    await render("create-static-ikev1");
    const secrets = () => bucket().objects.get(`${FOLDER}oci-ipsec.secrets`)?.body ?? "";
    expect(secrets()).toContain(psks[0]);

    const pem = rsaPublicPem();
    bucket().objects.set(STATUS, {
      body: status("", pem),
      etag: "e1",
      contentType: "application/json",
      meta: {},
      kmsKeyId: null,
    });
    expect((await render()).outcome).toBe("rendered");
    const { createPublicKey } = await import("node:crypto");
    const keyId = sealKeyId(createPublicKey(pem));
    expect(secrets().split("\n").slice(0, 2)).toEqual(["tunnelsmith-sealed-v1", `key-sha256 ${keyId}`]);
    expect(secrets()).not.toContain(psks[0]);
    const conf = bucket().objects.get(`${FOLDER}agent.conf`)?.body ?? "";
    expect(conf.startsWith("tunnelsmith-sealed-v1\n")).toBe(true);
    const state = JSON.parse(bucket().objects.get(`${PREFIX}state.json`)?.body ?? "{}");
    expect(state.agent.publicKey.keyId).toBe(keyId);

    // Another key: not adopted, one alert, sealing stays with the pinned key.
    const messages = h.fake.messages.length;
    bucket().objects.set(STATUS, {
      body: status("", rsaPublicPem()),
      etag: "e2",
      contentType: "application/json",
      meta: {},
      kmsKeyId: null,
    });
    await render();
    await render();
    const alerts = h.fake.messages.slice(messages).filter((m) => m.title.includes("reported another key"));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.body).toContain("not adopted");
    const after = JSON.parse(bucket().objects.get(`${PREFIX}state.json`)?.body ?? "{}");
    expect(after.agent.publicKey.keyId).toBe(keyId);
    expect(secrets()).toContain(`key-sha256 ${keyId}`);
  });

  it("revokes the agent links and deletes the status object when the connection is deleted", async () => {
    h.seed("static-ikev1");
    await render("create-static-ikev1");
    bucket().objects.set(STATUS, {
      body: status("", ""),
      etag: "e1",
      contentType: "application/json",
      meta: {},
      kmsKeyId: null,
    });
    h.fake.deleteConnection(CONNECTION);

    const result = await h.invoke(loadEvent("delete-static-ikev1"), { handler: h.handler(AGENT_ON) });

    expect(result.outcome).toBe("deleted");
    expect([...bucket().pars.values()].filter((p) => p.objectName.startsWith(PREFIX))).toEqual([]);
    expect([...bucket().objects.keys()].filter((n) => n.startsWith(PREFIX))).toEqual([]);
  });
});
