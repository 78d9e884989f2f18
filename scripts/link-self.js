// Makes `require("pulumi-voiceai/...")` work inside this repository, as it does in a user's project
// where the package sits in node_modules: the examples import it by name, and the provider object
// Pulumi serializes `require`s it by name in the dynamic-provider process. Runs on `npm install`.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const link = path.join(root, "node_modules", "pulumi-voiceai");
if (!fs.existsSync(path.join(root, "node_modules"))) process.exit(0);
try {
  if (fs.readlinkSync(link) === "..") process.exit(0);
  fs.rmSync(link, { recursive: true, force: true });
} catch {
  // not a link yet
}
fs.symlinkSync("..", link, "dir");
