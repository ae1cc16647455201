import { cp, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createHandler } from "../../functions/handler.ts";
import { createLocalDependencies } from "../../shared/adapters/local/index.ts";
import { loadSettings } from "../../shared/config/settings.ts";
import { createLogger } from "../../shared/logger.ts";
import { loadEvent, SNAPSHOT_DIR } from "../helpers/samples.ts";

const CONNECTION = "ocid1.ipsecconnection.oc1.ap-tokyo-1.aaaaaaaastaticikev1";

describe("partial renders: one vendor that cannot render does not cost the others", () => {
  it("stores and links the vendors that render, and the one notification says what was not and why", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ts-partial-"));
    const snapshots = join(dir, "snapshots");
    const state = join(dir, "state");
    await cp(SNAPSHOT_DIR, snapshots, { recursive: true });
    const path = join(snapshots, "static-ikev1.json");
    const snapshot = JSON.parse(await readFile(path, "utf8"));
    // juniper-srx cannot take the Linux name ens3; libreswan and strongswan can.
    snapshot.site.vendors = ["libreswan", "juniper-srx", "strongswan"];
    await writeFile(path, JSON.stringify(snapshot));
    const settings = loadSettings({ TUNNELSMITH_SNAPSHOT_DIR: snapshots, TUNNELSMITH_STATE_DIR: state });
    const handler = createHandler(
      createLocalDependencies(settings, { logger: createLogger({ write: () => {} }), print: () => {} }),
    );
    const result = await handler(loadEvent("create-static-ikev1"), { callID: "partial" });
    expect(result.outcome).toBe("rendered");
    const bucket = join(state, "bucket", "connections", CONNECTION);
    const vendors = (await readdir(bucket, { withFileTypes: true }))
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    expect(vendors.sort()).toEqual(["libreswan", "strongswan"]);
    const outbox = await readdir(join(state, "outbox"));
    expect(outbox).toHaveLength(1);
    const message = await readFile(join(state, "outbox", outbox[0] ?? ""), "utf8");
    expect(message).toContain("libreswan/oci-ipsec.conf");
    expect(message).toContain("strongswan/swanctl.conf");
    expect(message).toMatch(/Not rendered \(1 vendor\)/);
    expect(message).toMatch(
      /juniper-srx: .*site\.wanInterface: \\?"ens3\\?" is not a juniper-srx interface name.*ge-0\/0\/0\.0/,
    );
  });
});
