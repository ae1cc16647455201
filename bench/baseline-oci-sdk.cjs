// Baseline for the cold-start benchmark: a function written the way the OCI SDK's README suggests, importing the
// whole `oci-sdk` package at start, then serving /call through the same FDK. Its handler does no work, so every
// millisecond it takes over the plain Node floor is the cost of loading the SDK. `OCI_SDK_DIR` is the folder the
// benchmark installed oci-sdk into (outside the repository: it is ~520 MB and not a dependency).
const { join } = require("node:path");
const oci = require(join(process.env.OCI_SDK_DIR, "node_modules", "oci-sdk"));
const fdk = require("@fnproject/fdk");

fdk.handle(async () => ({ outcome: "baseline", services: Object.keys(oci).length }));
