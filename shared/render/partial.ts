import { TunnelsmithError } from "../errors.ts";
import type { ConnectionModel } from "../model/types.ts";
import { renderVendor } from "./registry.ts";
import type { RenderedFile } from "./types.ts";

/** A vendor that could not be rendered, and why: the error's message says what to change. */
export interface VendorRefusal {
  vendor: string;
  error: TunnelsmithError;
}

/** The outcome of rendering one connection for several vendors: what could be rendered, and what not. */
export interface PartialRender {
  rendered: RenderedFile[];
  refused: VendorRefusal[];
}

/**
 * Renders each of `vendorIds` on its own, so one vendor that cannot express the connection does not cost the
 * others their files. Only errors meant for the user (a capability, a site fact, an unknown vendor) become
 * refusals; anything else is a bug and is thrown.
 */
export function renderEach(model: ConnectionModel, vendorIds: readonly string[]): PartialRender {
  const result: PartialRender = { rendered: [], refused: [] };
  for (const vendor of vendorIds) {
    try {
      result.rendered.push(...renderVendor(model, vendor));
    } catch (error) {
      if (!(error instanceof TunnelsmithError) || !error.expose) throw error;
      result.refused.push({ vendor, error });
    }
  }
  return result;
}

/** Lines listing each refused vendor and its reason, for a notification or the CLI. */
export function refusalLines(refused: readonly VendorRefusal[]): string[] {
  if (refused.length === 0) return [];
  return [
    `Not rendered (${refused.length} vendor${refused.length === 1 ? "" : "s"}); change the setting named to render it:`,
    ...refused.map((r) => `  ${r.vendor}: ${r.error.message.replace(new RegExp(`^${r.vendor}: `), "")}`),
  ];
}
