// Run the browser's search engine under Node against a built site (`invoke search` calls this).
//
//   node cli.mjs --root output --lang vi [--type plan] [--locality 01] [--limit 10] [--json] QUERY
//   node cli.mjs --root output --batch queries.json     (a JSON list of {query, lang, type, locality, limit,
//                                                         prefix, tails}; `tails: true` loads every tail)
//
// Each query opens the index afresh, so `bytes` counts every file that query fetched — as a
// browser with an empty cache would — raw and gzip-compressed.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { stem } from "./static/js/search/porter.js";
import { open } from "./static/js/search/search.js";

function loader(root, lang, fetched) {
  return async (path) => {
    const data = await readFile(join(root, "search", lang, path.split("?")[0]));
    fetched.push(data);
    return JSON.parse(data.toString("utf8"));
  };
}

/** What the files fetched weigh, raw and gzip-compressed (counted after the timing: a browser
 *  receives them compressed, it does not compress them). */
function weigh(fetched) {
  const bytes = { files: fetched.length, raw: 0, gzip: 0 };
  for (const data of fetched) {
    bytes.raw += data.length;
    bytes.gzip += gzipSync(data, { level: 9 }).length;
  }
  return bytes;
}

async function run(root, { query, lang = "vi", type = "", locality = "", limit = 10, prefix, tails = false }) {
  const fetched = [];
  const started = process.hrtime.bigint();
  const index = await open(loader(root, lang, fetched), stem);
  const found = await index.search(query, { type, place: locality, limit, prefix, tails });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const results = [];
  for (const [rank, hit] of found.hits.entries()) {
    const record = (await index.record(hit.doc)) || {};
    const snippet = index
      .snippet(record, found.words)
      .map((p) => (p.hit ? `[${p.text}]` : p.text))
      .join("");
    results.push({ rank: rank + 1, doc: hit.doc, score: hit.score, type: record.type, title: record.title, url: record.url, snippet });
  }
  return { query, lang, total: found.total, results, bytes: weigh(fetched), ms };
}

function parse(argv) {
  const opts = { root: "output", json: false, words: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      opts.words.push(...argv.slice(i + 1));
      break;
    } else if (arg === "--json") opts.json = true;
    else if (arg.startsWith("--")) opts[arg.slice(2)] = argv[++i];
    else opts.words.push(arg);
  }
  return opts;
}

function print(out) {
  console.log(`${out.total} result(s) for "${out.query}" (${out.lang}); ${out.bytes.files} files, ${out.bytes.gzip} bytes gzip`);
  for (const r of out.results) {
    console.log(
      `${String(r.rank).padStart(2)}. ${r.score.toFixed(3).padStart(8)}  [${r.type}] ${r.title}\n              /${r.url}\n              ${r.snippet}`,
    );
  }
}

const opts = parse(process.argv.slice(2));
if (opts.batch) {
  const queries = JSON.parse(await readFile(opts.batch, "utf8"));
  const outs = [];
  for (const q of queries) outs.push(await run(opts.root, q));
  console.log(JSON.stringify(outs));
} else {
  const out = await run(opts.root, { ...opts, query: opts.words.join(" "), limit: Number(opts.limit || 10) });
  if (opts.json) console.log(JSON.stringify(out, null, 1));
  else print(out);
}
