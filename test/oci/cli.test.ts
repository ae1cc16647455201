import { mkdtemp, readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CliIo } from "../../cli/io.ts";
import { runCli } from "../../cli/main.ts";
import { parseSnapshotText } from "../../shared/snapshot/parse.ts";
import { loadSnapshot, SNAPSHOT_DIR } from "../helpers/samples.ts";
import { ociEnv, useOciHarness } from "./harness.ts";

const h = useOciHarness();
const CONNECTION = "ocid1.ipsecconnection.oc1.ap-tokyo-1.aaaaaaaabgpikev1";

function io() {
  const out: string[] = [];
  const err: string[] = [];
  // The CLI needs only the config file and the endpoints: no bucket, topic or fingerprint key.
  const env = ociEnv({
    TUNNELSMITH_MODE: undefined,
    TUNNELSMITH_BUCKET: undefined,
    TUNNELSMITH_TOPIC_ID: undefined,
  });
  const sink: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), env };
  return { sink, out, err };
}

describe("tunnelsmith CLI against OCI (config-file auth, msw)", () => {
  it("snapshot --ipsec writes the connection as a snapshot file (mode 0600) that matches the sample", async () => {
    h.seed("bgp-ikev1");
    const file = join(await mkdtemp(join(tmpdir(), "ts-cli-oci-")), "snap.json");
    const { sink, out, err } = io();

    expect(await runCli(["snapshot", "--ipsec", CONNECTION, "--out", file], sink), err.join("\n")).toBe(0);

    expect(out).toEqual([`${file} (contains PSKs, mode 0600)`]);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const read = parseSnapshotText(await readFile(file, "utf8"), file);
    const sample = loadSnapshot("bgp-ikev1");
    expect(read.sharedSecrets).toEqual(sample.sharedSecrets);
    expect(read.tunnels).toEqual(sample.tunnels);
    expect(read.site).toEqual(sample.site);
    expect(read.ipsecConnection.id).toBe(CONNECTION);
    expect(read.ipsecConnection.freeformTags).toMatchObject({ "tunnelsmith-vendors": "libreswan" });
  });

  it("render --ipsec renders what render --snapshot renders from the sample file", async () => {
    h.seed("bgp-ikev1");
    const fromOci = io();
    const fromFile = io();

    expect(await runCli(["render", "--ipsec", CONNECTION], fromOci.sink), fromOci.err.join("\n")).toBe(0);
    expect(await runCli(["render", "--snapshot", join(SNAPSHOT_DIR, "bgp-ikev1.json")], fromFile.sink)).toBe(
      0,
    );

    expect(fromOci.out.length).toBeGreaterThan(2);
    expect(fromOci.out).toEqual(fromFile.out);
  });

  it("prints the snapshot to stdout with a warning on stderr when --out is not given", async () => {
    h.seed("static-ikev1");
    const { sink, out, err } = io();
    expect(
      await runCli(["snapshot", "--ipsec", "ocid1.ipsecconnection.oc1.ap-tokyo-1.aaaaaaaastaticikev1"], sink),
    ).toBe(0);
    expect(err).toEqual(["tunnelsmith: the snapshot contains the tunnels' pre-shared keys"]);
    expect(JSON.parse(out.join(""))).toMatchObject({ oracleCidrs: ["10.0.2.0/24"] });
  });

  it.each([
    [["snapshot"], /snapshot needs --ipsec OCID/],
    [["snapshot", "--ipsec", "ocid1.cpe.oc1..x"], /is not an IPSec connection OCID/],
    [["snapshot", "--ipsec", "ocid1.ipsecconnection.oc1.ap-tokyo-1.aaaaaaaamissing"], /not found/],
    [["render", "--ipsec", CONNECTION, "--snapshot", "x.json"], /not both/],
  ])("%j exits 2 with a one-line message", async (argv, message) => {
    const { sink, err } = io();
    expect(await runCli(argv, sink)).toBe(2);
    expect(err.join("\n")).toMatch(message);
  });
});
