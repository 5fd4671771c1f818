// Each query of a JSON batch (stdin: {root, queries: [{query, lang, type, place, limit, prefix}]})
// run twice on the index under `root`, each time with a fresh engine: as a browser does (tails
// loaded only when the heads cannot prove the hits) and with every tail loaded (`tails: true`).
// Prints, per query, both answers and how many tail files each loaded.
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { stem } from "../static/js/search/porter.js";
import { open } from "../static/js/search/search.js";

const { root, queries } = JSON.parse(readFileSync(0, "utf8"));
const out = [];
for (const q of queries) {
  const row = {};
  for (const tails of [false, true]) {
    let loaded = 0;
    const load = async (path) => {
      if (path.startsWith("p/")) loaded += 1;
      return JSON.parse(await readFile(join(root, "search", q.lang, path.split("?")[0]), "utf8"));
    };
    const index = await open(load, stem);
    const found = await index.search(q.query, { type: q.type, place: q.place, limit: q.limit, prefix: q.prefix, tails });
    row[tails ? "whole" : "tiered"] = { total: found.total, hits: found.hits, tails: loaded };
  }
  out.push(row);
}
console.log(JSON.stringify(out));
