import type { ParseArgsConfig } from "node:util";
import { invokeCommand } from "./commands/invoke.ts";
import { mssCommand } from "./commands/mss.ts";
import { renderCommand } from "./commands/render.ts";
import { vendorsCommand } from "./commands/vendors.ts";
import type { CliIo } from "./io.ts";
import { UsageError } from "./usage.ts";

type Values = Record<string, string | string[] | boolean | undefined>;

/** One command: its flags (parseArgs options) and what it runs. The usage text is in usage.ts. */
export interface CommandSpec {
  options: NonNullable<ParseArgsConfig["options"]>;
  /** Set when the command takes positional arguments. */
  positionals?: true;
  run(values: Values, positionals: string[], io: CliIo): Promise<void> | void;
}

const str = (v: Values[string]) => (typeof v === "string" ? v : undefined);
const list = (v: Values[string]) => (Array.isArray(v) ? v : []);
const bool = (v: Values[string]) => v === true;

/** The commands parsed here (setup and teardown parse their own flags). Commands using the OCI SDK load it lazily. */
export const COMMANDS: Readonly<Record<string, CommandSpec>> = {
  render: {
    options: {
      snapshot: { type: "string", multiple: true },
      ipsec: { type: "string", multiple: true },
      vendor: { type: "string", multiple: true },
      out: { type: "string" },
    },
    run: (v, _p, io) =>
      renderCommand(
        { snapshots: list(v.snapshot), ipsec: list(v.ipsec), vendors: list(v.vendor), out: str(v.out) },
        io,
      ),
  },
  check: {
    options: { snapshot: { type: "string" }, vendor: { type: "string", multiple: true } },
    run: async (v, _p, io) => {
      const { checkCommand } = await import("./commands/check.ts");
      return checkCommand({ snapshot: str(v.snapshot), vendors: list(v.vendor) }, io);
    },
  },
  snapshot: {
    options: { ipsec: { type: "string" }, out: { type: "string" } },
    run: async (v, _p, io) => {
      const { snapshotCommand } = await import("./commands/snapshot.ts"); // the OCI SDK only when needed
      return snapshotCommand({ ipsec: str(v.ipsec), out: str(v.out) }, io);
    },
  },
  vendors: { options: {}, run: (_v, _p, io) => vendorsCommand(io) },
  mss: {
    options: {
      mtu: { type: "string" },
      "nat-t": { type: "boolean" },
      phase2: { type: "string" },
      "phase2-auth": { type: "string" },
      ipv6: { type: "boolean" },
    },
    run: (v, _p, io) =>
      mssCommand(
        {
          mtu: str(v.mtu),
          natT: bool(v["nat-t"]),
          phase2: str(v.phase2),
          phase2Auth: str(v["phase2-auth"]),
          ipv6: bool(v.ipv6),
        },
        io,
      ),
  },
  rotate: {
    options: {
      ipsec: { type: "string" },
      tunnel: { type: "string" },
      "dry-run": { type: "boolean" },
      force: { type: "boolean" },
    },
    run: async (v, _p, io) => {
      const { rotateCommand } = await import("./commands/rotate.ts");
      return rotateCommand(
        { ipsec: str(v.ipsec), tunnel: str(v.tunnel), dryRun: bool(v["dry-run"]), force: bool(v.force) },
        io,
      );
    },
  },
  sweep: {
    options: {
      compartment: { type: "string" },
      subcompartments: { type: "boolean" },
      json: { type: "boolean" },
      timeout: { type: "string" },
    },
    run: async (v, _p, io) => {
      const { sweepCommand } = await import("./commands/sweep.ts");
      return sweepCommand(
        {
          compartment: str(v.compartment),
          subcompartments: bool(v.subcompartments),
          json: bool(v.json),
          timeout: str(v.timeout),
        },
        io,
      );
    },
  },
  status: {
    options: { ipsec: { type: "string" }, compartment: { type: "string" } },
    run: async (v, _p, io) => {
      const { statusCommand } = await import("./commands/status.ts");
      return statusCommand({ ipsec: str(v.ipsec), compartment: str(v.compartment) }, io);
    },
  },
  invoke: {
    options: {},
    positionals: true,
    run: (_v, positionals, io) => {
      if (positionals.length !== 1) throw new UsageError("invoke needs exactly one EVENT.json");
      return invokeCommand(positionals[0], io);
    },
  },
};
