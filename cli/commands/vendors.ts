import { listRenderers } from "../../shared/render/registry.ts";
import type { CliIo } from "../io.ts";

/** `tunnelsmith vendors`: one line per vendor id with its routing modes. */
export function vendorsCommand(io: CliIo): void {
  for (const r of listRenderers()) io.out(`${r.id.padEnd(18)} ${r.title} [${r.routing.join(", ")}]`);
}
