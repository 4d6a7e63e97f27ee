// render.cjs reads ZPL on stdin and writes each label it holds as a PNG,
// base64, one per line on stdout: the Go tests of internal/document decode
// their barcodes. Usage: node render.cjs [widthMm heightMm dpmm] < label.zpl
"use strict";
const { ready } = require("zpl-renderer-js");

async function main() {
  const chunks = [];
  for await (const c of process.stdin) chunks.push(c);
  const zpl = Buffer.concat(chunks).toString("utf8");
  const [w, h, dpmm] = process.argv.slice(2).map(Number);
  const { api } = await ready;
  const pngs = await api.zplToBase64MultipleAsync(zpl, w || 101.6, h || 152.4, dpmm || 8);
  // Exit once the pipe has taken every byte: the Go runtime inside the
  // WASM keeps the event loop alive, and exiting earlier cuts the output.
  process.stdout.write(pngs.join("\n") + "\n", () => process.exit(0));
}

main().catch((err) => {
  process.stderr.write(`render.cjs: ${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});
