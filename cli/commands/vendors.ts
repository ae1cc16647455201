import { describeCapabilities } from "../../shared/render/capabilities.ts";
import { listRenderers } from "../../shared/render/registry.ts";
import type { CliIo } from "../io.ts";

/** `tunnelsmith vendors`: each vendor id, its title and its capability table. */
export function vendorsCommand(io: CliIo): void {
  for (const r of listRenderers()) {
    io.out(`${r.id} — ${r.title}`);
    for (const line of describeCapabilities(r.capabilities)) io.out(`    ${line}`);
  }
}
