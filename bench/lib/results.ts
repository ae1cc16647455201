import type { ApiCallRow } from "../api-calls.ts";
import type { ColdStartRow } from "../cold-start.ts";
import type { FleetResult } from "../fleet.ts";
import type { MemoryRow } from "../memory.ts";
import type { NeededCall } from "../needed-calls.ts";
import type { RenderResult } from "../render.ts";
import type { TopicResult } from "../topic.ts";

/** An API-call row with the hand-written need beside what was counted. */
export interface ApiCallResult extends ApiCallRow {
  needed: NeededCall[] | null;
  neededTotal: number | null;
  /** Operations counted more often than needed (`op: actual > needed`). */
  over: string[];
}

/** Everything `npm run bench` measured: `bench/results.json`. */
export interface BenchResults {
  generatedAt: string;
  mode: "full" | "check";
  machine: { node: string; cpus: number; cpuModel: string; memoryGiB: number };
  targets: { listeningMs: number; firstCreateMs: number; renderMs: number; memoryMiB: number };
  coldStart?: ColdStartRow[];
  memory?: MemoryRow[];
  render?: RenderResult;
  apiCalls?: ApiCallResult[];
  fleet?: FleetResult;
  topic?: TopicResult;
}

export const TARGETS: BenchResults["targets"] = {
  listeningMs: 300,
  firstCreateMs: 600,
  renderMs: 2,
  memoryMiB: 256,
};
