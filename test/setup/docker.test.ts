import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callFunction } from "../helpers/fdk.ts";
import { loadEvent, ROOT, rawSnapshot } from "../helpers/samples.ts";
import { FakeOci } from "../msw/fake-oci.ts";
import { type HttpFake, startHttpFake } from "../msw/http-fake.ts";
import { testIdentity } from "../msw/keys.ts";
import {
  dockerignore,
  enginesAccept,
  type Instruction,
  parseDockerfile,
  type Stage,
} from "./docker-files.ts";

/**
 * Docker does not run here, so the image is checked piece by piece: the Dockerfile against func.yaml, the build
 * context the allowlist .dockerignore leaves, a build from exactly that context (with node_modules standing in
 * for `npm ci`), and the shipped files alone (the final stage's COPYs) started with the image's ENTRYPOINT and the
 * environment Fn gives a container, answering an event in OCI mode against the fake OCI.
 */

const dockerfile = readFileSync(join(ROOT, "Dockerfile"), "utf8");
const stages = parseDockerfile(dockerfile);
const funcYaml = Object.fromEntries(
  readFileSync(join(ROOT, "func.yaml"), "utf8")
    .split("\n")
    .filter((l) => /^[a-z_]+:/.test(l))
    .map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 1).trim()]),
);
const excluded = dockerignore(readFileSync(join(ROOT, ".dockerignore"), "utf8"));
/** Tracked and untracked (not git-ignored) files; git-ignored folders are probed explicitly below. */
const repoFiles = execFileSync("git", ["ls-files", "-co", "--exclude-standard"], {
  cwd: ROOT,
  encoding: "utf8",
})
  .split("\n")
  .filter((f) => f && existsSync(join(ROOT, f)));
const context = repoFiles.filter((f) => !excluded(f));
const entrypoint = JSON.parse(
  stages.at(-1)?.instructions.find((i) => i.op === "ENTRYPOINT")?.args ?? "[]",
) as string[];
/** Sources of a COPY (everything but its last argument and its flags). */
const copySources = (i: Instruction) =>
  i.args
    .split(/\s+/)
    .filter((a) => !a.startsWith("--"))
    .slice(0, -1);

describe("Dockerfile and func.yaml", () => {
  it("builds and runs on one fnproject/node major that package.json's engines accept, as func.yaml says", () => {
    const majors = stages.map((s) => /^fnproject\/node:(\d+)(-dev)?$/.exec(s.from));
    expect(majors.map((m) => m?.[2] ?? "")).toEqual(["-dev", ""]);
    const [build, run] = majors.map((m) => Number(m?.[1]));
    expect(build).toBe(run);
    // OCI Functions' Node FDK images: 22 is supported; 20 and older are end of life (no more FDK updates).
    expect(run).toBeGreaterThanOrEqual(22);
    expect(enginesAccept(String(run))).toBe(true);
    expect(enginesAccept("21")).toBe(false);
    expect(funcYaml).toMatchObject({
      schema_version: "20180708",
      runtime: "node",
      build_image: stages[0]?.from,
      run_image: stages[1]?.from,
    });
    expect(entrypoint).toEqual(String(funcYaml.entrypoint).split(" "));
    expect(Number(funcYaml.memory)).toBeGreaterThanOrEqual(256);
    expect(Number(funcYaml.timeout)).toBeGreaterThanOrEqual(120);
  });

  it("installs with npm ci and builds in the first stage only", () => {
    const [buildStage, runStage] = stages;
    const runs = (s: Stage | undefined) =>
      (s?.instructions ?? []).filter((i) => i.op === "RUN").map((i) => i.args);
    expect(runs(buildStage).join("\n")).toMatch(/npm ci/);
    expect(runs(buildStage).join("\n")).toMatch(/npm run build/);
    expect(runs(runStage)).toEqual([]);
  });

  it("ships dist/ from the build stage and templates/, and nothing else (no node_modules)", () => {
    const copies = (stages[1]?.instructions ?? []).filter((i) => i.op === "COPY" || i.op === "ADD");
    expect(copies.map((c) => c.args)).toEqual([
      "--from=build /function/dist/ dist/",
      "templates/ templates/",
    ]);
    expect(stages[1]?.instructions.find((i) => i.op === "WORKDIR")?.args).toBe("/function");
  });

  it("has a lock file in step with package.json (npm ci refuses otherwise)", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8"));
    expect(lock.packages[""].dependencies).toEqual(pkg.dependencies);
    expect(lock.packages[""].devDependencies).toEqual(pkg.devDependencies);
  });
});

describe("build context (.dockerignore)", () => {
  it("holds what the Dockerfile copies", () => {
    const sources = stages
      .flatMap((s) => s.instructions)
      .filter((i) => i.op === "COPY" && !i.args.startsWith("--from"))
      .flatMap(copySources);
    expect(sources.length).toBeGreaterThan(4);
    for (const source of sources) {
      const path = source.replace(/\/$/, "");
      expect(
        context.some((f) => f === path || f.startsWith(`${path}/`)),
        `${source} is in the build context`,
      ).toBe(true);
    }
    for (const f of ["package.json", "package-lock.json", "functions/func.ts", "templates/libreswan"]) {
      expect(context.some((c) => c === f || c.startsWith(`${f}/`))).toBe(true);
    }
  });

  it("leaves out tests, node_modules, dist, local state with PSKs, docs and git", () => {
    const probes = [
      "test/setup/docker.test.ts",
      "node_modules/esbuild/package.json",
      "dist/func.mjs",
      ".tunnelsmith/bucket/connections/x/libreswan/oci-ipsec.secrets",
      ".git/HEAD",
      "events/create-bgp-ikev1.json",
      "docs/deploy.md",
      "README.md",
      "bench/results.json",
      "scripts/bench.mjs",
      "Dockerfile",
    ];
    expect(probes.filter((p) => !excluded(p))).toEqual([]);
    expect(context.filter((f) => /^(test|node_modules|dist|\.tunnelsmith|\.git)\//.test(f))).toEqual([]);
  });
});

describe("the image's files, without Docker", () => {
  let work: string;
  let shipped: string;
  let oci: HttpFake;
  let fn: ChildProcess | undefined;
  const fake = new FakeOci(testIdentity());
  const BUCKET = "tunnelsmith-configs";
  const TOPIC = "ocid1.onstopic.oc1.ap-tokyo-1.aaaaaaaadockertest";

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "ts-docker-"));
    // Build stage: exactly the build context, with the repository's node_modules where `npm ci` would put them.
    const buildDir = join(work, "build");
    for (const f of context) {
      mkdirSync(dirname(join(buildDir, f)), { recursive: true });
      cpSync(join(ROOT, f), join(buildDir, f));
    }
    symlinkSync(join(ROOT, "node_modules"), join(buildDir, "node_modules"), "dir");
    execFileSync(process.execPath, ["scripts/build.mjs"], { cwd: buildDir, stdio: "pipe" });
    // Final stage: its COPYs only, source maps dropped as the build stage's RUN does.
    shipped = join(work, "function");
    cpSync(join(buildDir, "dist"), join(shipped, "dist"), {
      recursive: true,
      filter: (src) => !src.endsWith(".map"),
    });
    cpSync(join(buildDir, "templates"), join(shipped, "templates"), { recursive: true });

    fake.seedSnapshot(rawSnapshot("bgp-ikev1"));
    fake.addBucket(BUCKET);
    fake.topics.add(TOPIC);
    oci = await startHttpFake(fake, () => new Date());
  }, 120_000);

  afterAll(async () => {
    if (fn && fn.exitCode === null) {
      const exited = new Promise((r) => fn?.once("exit", r));
      fn.kill("SIGTERM");
      await exited;
    }
    await oci?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("contains dist/ and templates/ only, and no node_modules anywhere Node would look", () => {
    expect(readdirSync(shipped).sort()).toEqual(["dist", "templates"]);
    for (let dir = shipped; ; dir = dirname(dir)) {
      expect(existsSync(join(dir, "node_modules")), `${dir}/node_modules`).toBe(false);
      if (dirname(dir) === dir) break;
    }
  });

  it("starts the FDK listener with the env Fn provides and renders a create event in OCI mode", async () => {
    const socket = join(work, "fn.sock");
    const [command = "", ...args] = entrypoint;
    expect(command).toBe("node");
    let stderr = "";
    fn = spawn(process.execPath, args, {
      cwd: shipped, // WORKDIR /function
      env: {
        PATH: process.env.PATH ?? "",
        // What Fn sets in every function container
        FN_FORMAT: "http-stream",
        FN_LISTENER: `unix:${socket}`,
        FN_APP_ID: "ocid1.fnapp.oc1.ap-tokyo-1.aaaaaaaadockertest",
        FN_FN_ID: "ocid1.fnfunc.oc1.ap-tokyo-1.aaaaaaaadockertest",
        FN_APP_NAME: "tunnelsmith",
        FN_FN_NAME: "tunnelsmith",
        FN_MEMORY: String(funcYaml.memory),
        FN_TYPE: "sync",
        // The configuration `tunnelsmith setup` writes (config-file auth instead of the resource principal)
        TUNNELSMITH_MODE: "oci",
        TUNNELSMITH_BUCKET: BUCKET,
        TUNNELSMITH_NAMESPACE: fake.namespace,
        TUNNELSMITH_TOPIC_ID: TOPIC,
        TUNNELSMITH_PSK_FINGERPRINT_KEY: "docker-test-fingerprint-key-0123456789abcdef",
        TUNNELSMITH_RETRY_MAX_DELAY_SECONDS: "0",
        OCI_CONFIG_FILE: testIdentity().configFile,
        TUNNELSMITH_ENDPOINT_IAAS: oci.origin,
        TUNNELSMITH_ENDPOINT_OBJECTSTORAGE: oci.origin,
        TUNNELSMITH_ENDPOINT_NOTIFICATIONS: oci.origin,
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    fn.stderr?.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    const started = Date.now();
    while (!existsSync(socket)) {
      if (fn.exitCode !== null) throw new Error(`function exited with ${fn.exitCode}: ${stderr}`);
      // Fn gives a container 5 s to listen.
      if (Date.now() - started > 5000) throw new Error(`no listener within 5 s: ${stderr}`);
      await new Promise((r) => setTimeout(r, 10));
    }

    const res = await callFunction(socket, JSON.stringify(loadEvent("create-bgp-ikev1")));

    expect(res.status, `${res.body}\n${stderr}`).toBe(200);
    expect(JSON.parse(res.body).outcome).toBe("rendered");
    const objects = [...(fake.buckets.get(BUCKET)?.objects.keys() ?? [])];
    expect(objects.some((o) => o.endsWith("/libreswan/oci-ipsec.conf"))).toBe(true);
    expect(fake.messages).toHaveLength(1);
    expect(oci.unhandled).toEqual([]);
    expect(resolve(shipped)).not.toBe(resolve(ROOT));
  });
});
