// Floor for the cold-start benchmark: plain Node answering /call on the unix socket with no framework and no
// work. Bundle start-up is reported as a ratio to this, so the check does not depend on the machine's speed.
// Like the FDK it listens on a temporary name and links the socket into place once listening, so a client
// never finds the path before it accepts connections.
const { symlinkSync } = require("node:fs");
const { createServer } = require("node:http");

const socket = String(process.env.FN_LISTENER).replace(/^unix:/, "");
const temporary = `${socket}.${process.pid}.tmp`;
createServer((_req, res) => res.end('{"outcome":"floor"}')).listen(temporary, () =>
  symlinkSync(temporary, socket),
);
