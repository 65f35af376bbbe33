// Parse WordPress block markup with WordPress's own parser.
// Reads a post body (no front matter) on stdin; prints the parsed blocks as JSON.
// Used by tests/test_render_wordpress.py; `npm ci` in this folder installs the parser.
"use strict";
const { parse } = require("@wordpress/block-serialization-default-parser");

const chunks = [];
process.stdin.on("data", (chunk) => chunks.push(chunk));
process.stdin.on("end", () => {
  const body = Buffer.concat(chunks).toString("utf8");
  process.stdout.write(JSON.stringify(parse(body)));
});
