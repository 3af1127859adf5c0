// bench.js - pages per second of Mozilla Readability under jsdom, for
// comparison with `copydesk extract` on the same files (make bench).
//   node bench.js PAGE.html...
"use strict";
const fs = require("fs");
const { JSDOM } = require("jsdom");
const { Readability } = require("@mozilla/readability");

const files = process.argv.slice(2);
const start = process.hrtime.bigint();
let ok = 0;
for (const f of files) {
  try {
    const dom = new JSDOM(fs.readFileSync(f), { url: "http://fakehost/test/page.html" });
    if (new Readability(dom.window.document).parse()) ok++;
    dom.window.close();
  } catch (e) {
    // a page Readability cannot take still counts as processed
  }
}
const secs = Number(process.hrtime.bigint() - start) / 1e9;
console.log(`readability+jsdom: ${files.length} pages, ${ok} articles, ` +
            `${(files.length / secs).toFixed(1)} pages/s (${secs.toFixed(2)} s)`);
