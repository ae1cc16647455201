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
  /** What the operator runs on the device: in the "configs ready" notification and in tunnel alerts. */
  operator: VendorOperator;
}

/** The tunnel an alert is about, as the status commands need it. Values come from the API and were validated. */
export interface StatusTarget {
  oracleIp: string;
  ikeVersion: 1 | 2 | null;
  bgp: boolean;
  /** The Oracle inside address of the BGP session (the neighbour), or a placeholder. */
  bgpNeighbour: string;
}

/**
 * The device side of a vendor: how to install the rendered files, check them before they take effect, make them
 * take effect, and see the tunnels' state. Commands are the vendor's documented ones; the model is passed so
 * steps can name this connection's files and prerequisites (e.g. Libreswan's `ikev1-policy=accept` for IKEv1).
 */
export interface VendorOperator {
  /** Install steps in order (prerequisites first). */
  install(model: ConnectionModel): string[];
  /** Checks the installed configuration without applying it (or as close to that as the device allows). */
  check(model: ConnectionModel): string;
  /** Makes the new configuration take effect (a changed PSK included). */
  reload(model: ConnectionModel): string;
  /** Status commands for one tunnel, `;`-separated. */
  status(target: StatusTarget): string;
}
