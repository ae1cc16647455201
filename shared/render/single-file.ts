import type { ConnectionModel } from "../model/types.ts";
import type { VendorCapabilities } from "./capabilities.ts";
import { renderTemplate } from "./templates.ts";
import type { RenderedFile, VendorOperator, VendorRenderer } from "./types.ts";

/** A router vendor whose whole output is one configuration file holding the PSKs. */
export interface SingleFileVendor {
  id: string;
  title: string;
  capabilities: VendorCapabilities;
  /** Template name under `templates/<id>/`, without `.mustache`. */
  template: string;
  /** Name of the rendered file. */
  fileName: string;
  installHint: string;
  /** The vendor's view function: the neutral model mapped to the template's values. */
  view: (model: ConnectionModel) => object;
  /** What the operator runs on the device (see VendorOperator). */
  operator: VendorOperator;
}

/**
 * Builds the renderer of a {@link SingleFileVendor}: most router vendors take one pasted or imported file, and
 * that file always carries the PSKs (so it is marked secret).
 */
export function singleFileRenderer(vendor: SingleFileVendor): VendorRenderer {
  return {
    id: vendor.id,
    title: vendor.title,
    capabilities: vendor.capabilities,
    render(m: ConnectionModel): RenderedFile[] {
      return [
        {
          vendor: vendor.id,
          name: vendor.fileName,
          content: renderTemplate(vendor.id, vendor.template, vendor.view(m)),
          secret: true,
          installHint: vendor.installHint,
        },
      ];
    },
    operator: vendor.operator,
  };
}
