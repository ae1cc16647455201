import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../cli/main.ts";
import { EVENTS_DIR, SNAPSHOT_DIR } from "../helpers/samples.ts";
import { STATIC, STATIC_T1 } from "../rotation/helpers.ts";
import { recordingIo, tempDir } from "./helpers.ts";

async function samplesDigest(): Promise<string> {
  const hash = createHash("sha256");
  for (const name of (await readdir(SNAPSHOT_DIR)).sort())
    hash.update(await readFile(join(SNAPSHOT_DIR, name)));
  return hash.digest("hex");
}

describe("local rotation keeps the repository's samples as shipped (issue 18.2)", () => {
  it("rotate on the tracked samples writes the key to the state folder; a later render uses it", async () => {
    const before = await samplesDigest();
    const state = await tempDir();
    const env = {
      TUNNELSMITH_MODE: "local",
      TUNNELSMITH_SNAPSHOT_DIR: SNAPSHOT_DIR,
      TUNNELSMITH_STATE_DIR: state,
    };
    // The samples have both tunnels down, so only --force rotates; that is fine for this test.
    const rotate = recordingIo(env);
    expect(await runCli(["rotate", "--ipsec", STATIC, "--tunnel", STATIC_T1, "--force"], rotate.sink)).toBe(
      0,
    );
    expect(await samplesDigest()).toBe(before);

    const rotated = JSON.parse(await readFile(join(state, "rotated", `${STATIC}.json`), "utf8"));
    const key: string = rotated.sharedSecrets[STATIC_T1];
    expect(key).toMatch(/^[A-Za-z0-9]{32}$/);

    // Render again through the function handler (an update event): the stored config carries the rotated key.
    const update = recordingIo(env);
    expect(await runCli(["invoke", join(EVENTS_DIR, "update-static-ikev1.json")], update.sink)).toBe(0);
    const secrets = await readFile(
      join(state, "bucket", "connections", STATIC, "libreswan", "oci-ipsec.secrets"),
      "utf8",
    );
    expect(secrets).toContain(key);
    const sample = JSON.parse(await readFile(join(SNAPSHOT_DIR, "static-ikev1.json"), "utf8"));
    expect(secrets).not.toContain(sample.sharedSecrets[STATIC_T1]);
    expect(await samplesDigest()).toBe(before);
  });
});
