import type { ConnectionModel } from "../model/types.ts";
import { listRenderers } from "../render/registry.ts";

/**
 * "What to do next" after a render, per vendor rendered: the install steps (prerequisites first, e.g. Libreswan's
 * `ikev1-policy=accept` for IKEv1), the check command and the reload command, from each vendor's declaration
 * (`operator`, shared/vendors/<id>/index.ts). Vendors without a declaration (Oracle's own helper output) get none.
 */
export function nextSteps(model: ConnectionModel, vendors: readonly string[]): string[] {
  const byId = new Map(listRenderers().map((r) => [r.id, r]));
  const lines: string[] = [];
  for (const vendor of [...new Set(vendors)]) {
    const op = byId.get(vendor)?.operator;
    if (!op) continue;
    lines.push(
      `${vendor}:`,
      ...op.install(model).map((step, i) => `  ${i + 1}. ${step}`),
      `  check:  ${op.check(model)}`,
      `  reload: ${op.reload(model)}`,
    );
  }
  return lines.length > 0 ? ["Next steps on the device:", ...lines] : [];
}
