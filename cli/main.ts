import { readFileSync } from "node:fs";
import { type ParseArgsConfig, parseArgs } from "node:util";
import { TunnelsmithError } from "../shared/errors.ts";
import { RunFailedError, setupCommand } from "./commands/setup.ts";
import { teardownCommand } from "./commands/teardown.ts";
import { COMMANDS, type CommandSpec } from "./commands.ts";
import { type CliIo, processIo } from "./io.ts";
import { LOG_FORMATS } from "./log.ts";
import { COMMAND_USAGE, commandUsage, USAGE, UsageError } from "./usage.ts";

/** Runs the CLI and returns the exit code: 0 ok, 2 usage/validation error, 1 anything else. */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  try {
    const { args, env } = takeLogFormat(argv, io.env);
    await dispatch(args, { ...io, env });
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
    io.err(`tunnelsmith: unexpected error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

/** The package version, from package.json one folder above this module (cli/ in the repo, dist/ when bundled). */
export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
    version?: string;
  };
  return pkg.version ?? "unknown";
}

/** `--log-format F` / `--log-format=F` anywhere on the line becomes TUNNELSMITH_LOG_FORMAT for the command. */
function takeLogFormat(argv: readonly string[], env: CliIo["env"]) {
  const args: string[] = [];
  let format = env.TUNNELSMITH_LOG_FORMAT;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? "";
    if (a === "--log-format" || a.startsWith("--log-format=")) {
      format = a.includes("=") ? a.slice(a.indexOf("=") + 1) : argv[++i];
      if (!(LOG_FORMATS as readonly (string | undefined)[]).includes(format)) {
        throw new UsageError(`--log-format must be one of ${LOG_FORMATS.join(", ")}`);
      }
    } else args.push(a);
  }
  return { args, env: { ...env, TUNNELSMITH_LOG_FORMAT: format } };
}

/** The flags a command takes, as `--a, --b` for messages. */
function flagList(spec: CommandSpec): string {
  return [...Object.keys(spec.options), "help"].map((f) => `--${f}`).join(", ");
}

/** parseArgs with `--help` and with an unknown flag named together with the command's valid ones. */
function parseFor(command: string, spec: CommandSpec, rest: readonly string[]) {
  const options = { ...spec.options, help: { type: "boolean", short: "h" } } as ParseArgsConfig["options"];
  try {
    return parseArgs({
      args: [...rest],
      options,
      allowPositionals: spec.positionals !== undefined,
      strict: true,
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    if (!code.startsWith("ERR_PARSE_ARGS")) throw error;
    const unknown = /option '([^']+)'/.exec((error as Error).message)?.[1];
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && unknown) {
      throw new UsageError(`${command}: unknown option '${unknown}'; valid: ${flagList(spec)}`);
    }
    throw new UsageError(`${command}: ${(error as Error).message.split("\n")[0]}`);
  }
}

async function dispatch(argv: readonly string[], io: CliIo): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case "help":
    case "--help":
    case "-h":
      if (command === "help" && rest[0] && COMMAND_USAGE[rest[0]]) io.out(commandUsage(rest[0]));
      else io.out(USAGE);
      return;
    case "--version":
    case "-V":
    case "version":
      io.out(`tunnelsmith ${version()}`);
      return;
    case "setup":
    case "teardown":
      // Their flags are parsed by the commands themselves; only --help is answered here.
      if (rest.includes("--help") || rest.includes("-h")) {
        io.out(commandUsage(command));
        return;
      }
      return command === "setup" ? setupCommand(rest, io) : teardownCommand(rest, io);
  }
  const spec = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!spec) {
    throw new UsageError(
      `unknown command "${command}"; commands: ${[...Object.keys(COMMANDS), "setup", "teardown"].join(", ")} (tunnelsmith help)`,
    );
  }
  const parsed = parseFor(command, spec, rest);
  const values = parsed.values as Record<string, string | string[] | boolean | undefined>;
  if (values.help === true) {
    io.out(commandUsage(command));
    return;
  }
  return spec.run(values, parsed.positionals, io);
}
