import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../cli/commands.ts";
import { runCli } from "../../cli/main.ts";
import { COMMAND_USAGE } from "../../cli/usage.ts";
import { EVENTS_DIR, ROOT, SNAPSHOT_DIR } from "../helpers/samples.ts";
import { recordingIo, tempDir } from "./helpers.ts";

describe("--version and per-command --help (issue 18.4)", () => {
  it("--version prints the package version", async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    const { sink, out } = recordingIo();
    expect(await runCli(["--version"], sink)).toBe(0);
    expect(out).toEqual([`tunnelsmith ${version}`]);
  });

  it.each([...Object.keys(COMMANDS), "setup", "teardown"])(
    "%s --help prints that command's usage",
    async (c) => {
      const { sink, out } = recordingIo();
      expect(await runCli([c, "--help"], sink)).toBe(0);
      const text = out.join("\n");
      expect(text).toContain(`tunnelsmith ${c}`);
      const others = Object.keys(COMMAND_USAGE).filter((o) => o !== c);
      for (const o of others) expect(text).not.toContain(`tunnelsmith ${o} `);
    },
  );

  it.each(Object.entries(COMMANDS))("every flag of %s is in its usage", (c, spec) => {
    for (const flag of Object.keys(spec.options)) expect(COMMAND_USAGE[c]).toContain(`--${flag}`);
  });

  it("an unknown flag names the command's valid flags", async () => {
    const { sink, err } = recordingIo();
    expect(await runCli(["rotate", "--ipsex", "x"], sink)).toBe(2);
    expect(err).toEqual([
      "tunnelsmith: rotate: unknown option '--ipsex'; valid: --ipsec, --tunnel, --dry-run, --force, --help",
    ]);
  });
});

describe("exit codes and log format (issue 18.5)", () => {
  const local = async () => ({
    TUNNELSMITH_MODE: "local",
    TUNNELSMITH_SNAPSHOT_DIR: SNAPSHOT_DIR,
    TUNNELSMITH_STATE_DIR: await tempDir(),
  });

  it("rotating a connection that does not exist exits 2 and says why", async () => {
    const { sink, err, out } = recordingIo(await local());
    const code = await runCli(
      ["rotate", "--ipsec", "ocid1.ipsecconnection.oc1.ap-tokyo-1.aaaaaaaadoesnotexist"],
      sink,
    );
    expect(code).toBe(2);
    expect(err.at(-1)).toMatch(
      /^tunnelsmith: nothing rotated: the connection no longer exists \(no snapshot/,
    );
    expect(out.join("\n")).not.toContain("nothing to do");
  });

  it('invoke {"action":"bogus"} names the known actions', async () => {
    const dir = await tempDir();
    const event = join(dir, "bogus.json");
    await import("node:fs/promises").then((fs) => fs.writeFile(event, '{"action":"bogus"}'));
    const { sink, err } = recordingIo(await local());
    expect(await runCli(["invoke", event], sink)).toBe(2);
    expect(err.at(-1)).toMatch(
      /^tunnelsmith: (ACTION_UNKNOWN: )?unknown action bogus; known: sweep, sweep-shard, publish-alerts, rotate-psk$/,
    );
  });

  const invokeCreate = async (extra: string[], env: Record<string, string> = {}) => {
    const { sink, err } = recordingIo({ ...(await local()), ...env });
    expect(await runCli([...extra, "invoke", join(EVENTS_DIR, "create-static-ikev1.json")], sink)).toBe(0);
    expect(err.length).toBeGreaterThan(0);
    return err;
  };

  it("logs for a person on stderr by default", async () => {
    for (const line of await invokeCreate([])) {
      expect(line).toMatch(/^tunnelsmith: (debug|info|warn|error): /);
      expect(() => JSON.parse(line)).toThrow();
    }
  });

  it("logs JSON lines with --log-format json or TUNNELSMITH_LOG_FORMAT=json", async () => {
    for (const err of [
      await invokeCreate(["--log-format", "json"]),
      await invokeCreate([], { TUNNELSMITH_LOG_FORMAT: "json" }),
    ]) {
      for (const line of err) expect(JSON.parse(line)).toHaveProperty("level");
    }
  });

  it("--log-format takes only text or json", async () => {
    const { sink, err } = recordingIo();
    expect(await runCli(["--log-format", "xml", "vendors"], sink)).toBe(2);
    expect(err).toEqual(["tunnelsmith: --log-format must be one of text, json"]);
  });
});
