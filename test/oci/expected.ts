import { renderConnection } from "../../shared/render/registry.ts";
import { loadModel } from "../helpers/samples.ts";

/**
 * The `<vendor>/<file>` names a sample renders to with its own `site.vendors`, straight from the registry, so the
 * store tests follow the vendors' output instead of repeating its file list.
 */
export function expectedFiles(sample: string): string[] {
  const model = loadModel(sample);
  return renderConnection(model, model.site.vendors)
    .map((f) => `${f.vendor}/${f.name}`)
    .sort();
}
