# The function image for `fn build` / `fn deploy`: fn uses this file because it exists (func.yaml's build_image,
# run_image and entrypoint then only document it; ENTRYPOINT below must equal func.yaml's entrypoint, a test
# checks that). Two stages: the -dev image installs and bundles, the run image gets only the bundle and the
# templates. esbuild bundles every dependency (the FDK and the OCI SDK included), so no node_modules ship.
# Node 22: Node 20 reached end of life in April 2026, and OCI Functions publishes Node FDK images for 22 only.

FROM fnproject/node:22-dev AS build
WORKDIR /function
# Dependencies first: a source change does not reinstall them. --ignore-scripts skips "prepare" (the build, which
# needs the sources copied below); no dependency needs an install script to work.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY scripts/build.mjs scripts/
COPY functions/ functions/
COPY shared/ shared/
COPY cli/ cli/
# Source maps are only for development: dropping them halves what the image carries.
RUN npm run build && find dist -name '*.map' -delete

FROM fnproject/node:22
WORKDIR /function
COPY --from=build /function/dist/ dist/
# Read at run time from beside dist/ (shared/render/templates.ts).
COPY templates/ templates/
ENTRYPOINT ["node", "dist/func.mjs"]
