import { buildModels } from "../../shared/model/build.ts";
import type { ConnectionModel } from "../../shared/model/types.ts";
import { parseSnapshot } from "../../shared/snapshot/parse.ts";
import type { Json } from "./json.ts";
import { rawSnapshot } from "./samples.ts";

/** A sample snapshot with edits applied, validated and built into a model. */
export function modelFrom(base: string, edit: (s: Json) => void = () => {}): ConnectionModel {
  const raw = rawSnapshot(base) as Json;
  edit(raw);
  const [model] = buildModels([parseSnapshot(raw, `${base} (edited)`)]);
  if (!model) throw new Error("no model");
  return model;
}

/** Sets both tunnels' IKE version. */
export function ikeVersion(version: "V1" | "V2") {
  return (s: Json) => {
    for (const t of s.tunnels) t.ikeVersion = version;
  };
}

/** Removes the 1:1 NAT (the CPE's local address becomes its public address). */
export function noNat(s: Json): void {
  delete s.site.localIp;
}

/** Applies several edits in order. */
export function all(...edits: ((s: Json) => void)[]) {
  return (s: Json) => {
    for (const e of edits) e(s);
  };
}
