// Floor for the cold-start benchmark: plain Node answering /call on the unix socket with no framework and no
// work. Bundle start-up is reported as a ratio to this, so the check does not depend on the machine's speed.
const { createServer } = require("node:http");

const socket = String(process.env.FN_LISTENER).replace(/^unix:/, "");
createServer((_req, res) => res.end('{"outcome":"floor"}')).listen(socket);
