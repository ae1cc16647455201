import type { ConnectionModel } from "../model/types.ts";
import type { VendorCapabilities } from "./capabilities.ts";

/** One file of a vendor's output. */
export interface RenderedFile {
  vendor: string;
  /** File name relative to the vendor folder, e.g. `oci-ipsec.conf`. */
  name: string;
  content: string;
  /** True when the file carries a PSK: stored with mode 0600 locally and never printed to logs. */
  secret: boolean;
  /** One line telling the user where the file goes on the device. */
  installHint: string;
}

/** A vendor renderer: maps the neutral model to the vendor's files. */
export interface VendorRenderer {
  /** Stable id used in `site.vendors`, `--vendor` and object names. */
  id: string;
  /** Human name, e.g. "Libreswan 4.x (route-based VTI) + FRR". */
  title: string;
  /** What the vendor supports; the registry checks every tunnel against it before calling `render`. */
  capabilities: VendorCapabilities;
  /** Renders the files. May still throw a CapabilityError for combinations the table cannot express. */
  render(model: ConnectionModel): RenderedFile[];
}
