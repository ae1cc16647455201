import { parseArgs } from "node:util";
import { TunnelsmithError } from "../shared/errors.ts";
import { invokeCommand } from "./commands/invoke.ts";
import { mssCommand } from "./commands/mss.ts";
import { renderCommand } from "./commands/render.ts";
import { RunFailedError, setupCommand } from "./commands/setup.ts";
import { teardownCommand } from "./commands/teardown.ts";
import { vendorsCommand } from "./commands/vendors.ts";
import { type CliIo, processIo } from "./io.ts";
import { USAGE, UsageError } from "./usage.ts";

/** Runs the CLI and returns the exit code: 0 ok, 2 usage/validation error, 1 anything else. */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  try {
    await dispatch(argv, io);
    return 0;
  } catch (error) {
    if (error instanceof RunFailedError) {
      io.err(`tunnelsmith: ${error.message}`);
      return 1;
    }
    if (error instanceof TunnelsmithError && error.expose) {
      io.err(`tunnelsmith: ${error.message.split("\n")[0]}`);
      return 2;
    }
    if (error instanceof TypeError && (error as NodeJS.ErrnoException).code?.startsWith("ERR_PARSE_ARGS")) {
      io.err(`tunnelsmith: ${error.message}`);
      return 2;
    }
    io.err(`tunnelsmith: unexpected error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

async function dispatch(argv: readonly string[], io: CliIo): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case "render": {
      const { values } = parseArgs({
        args: rest,
        options: {
          snapshot: { type: "string", multiple: true },
          ipsec: { type: "string", multiple: true },
          vendor: { type: "string", multiple: true },
          out: { type: "string" },
        },
        strict: true,
      });
      return renderCommand(
        {
          snapshots: values.snapshot ?? [],
          ipsec: values.ipsec ?? [],
          vendors: values.vendor ?? [],
          out: values.out,
        },
        io,
      );
    }
    case "check": {
      const { values } = parseArgs({
        args: rest,
        options: { snapshot: { type: "string" }, vendor: { type: "string", multiple: true } },
        strict: true,
      });
      const { checkCommand } = await import("./commands/check.ts");
      return checkCommand({ snapshot: values.snapshot, vendors: values.vendor ?? [] }, io);
    }
    case "snapshot": {
      const { values } = parseArgs({
        args: rest,
        options: { ipsec: { type: "string" }, out: { type: "string" } },
        strict: true,
      });
      const { snapshotCommand } = await import("./commands/snapshot.ts"); // loads the OCI SDK only when needed
      return snapshotCommand({ ipsec: values.ipsec, out: values.out }, io);
    }
    case "vendors":
      parseArgs({ args: rest, options: {}, strict: true });
      return vendorsCommand(io);
    case "mss": {
      const { values } = parseArgs({
        args: rest,
        options: {
          mtu: { type: "string" },
          "nat-t": { type: "boolean", default: false },
          phase2: { type: "string" },
          "phase2-auth": { type: "string" },
          ipv6: { type: "boolean", default: false },
        },
        strict: true,
      });
      return mssCommand(
        {
          mtu: values.mtu,
          natT: values["nat-t"],
          phase2: values.phase2,
          phase2Auth: values["phase2-auth"],
          ipv6: values.ipv6,
        },
        io,
      );
    }
    case "rotate": {
      const { values } = parseArgs({
        args: rest,
        options: {
          ipsec: { type: "string" },
          tunnel: { type: "string" },
          "dry-run": { type: "boolean", default: false },
          force: { type: "boolean", default: false },
        },
        strict: true,
      });
      const { rotateCommand } = await import("./commands/rotate.ts");
      return rotateCommand(
        { ipsec: values.ipsec, tunnel: values.tunnel, dryRun: values["dry-run"], force: values.force },
        io,
      );
    }
    case "sweep": {
      const { values } = parseArgs({
        args: rest,
        options: {
          compartment: { type: "string" },
          subcompartments: { type: "boolean", default: false },
          json: { type: "boolean", default: false },
          timeout: { type: "string" },
        },
        strict: true,
      });
      const { sweepCommand } = await import("./commands/sweep.ts");
      return sweepCommand(
        {
          compartment: values.compartment,
          subcompartments: values.subcompartments,
          json: values.json,
          timeout: values.timeout,
        },
        io,
      );
    }
    case "invoke": {
      const { positionals } = parseArgs({ args: rest, options: {}, allowPositionals: true, strict: true });
      if (positionals.length !== 1) throw new UsageError("invoke needs exactly one EVENT.json");
      return invokeCommand(positionals[0], io);
    }
    case "setup":
      return setupCommand(rest, io);
    case "teardown":
      return teardownCommand(rest, io);
    case undefined:
    case "help":
    case "--help":
    case "-h":
      io.out(USAGE);
      return;
    default:
      throw new UsageError(`unknown command "${command}"; run: tunnelsmith help`);
  }
}
