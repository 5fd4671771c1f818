// Pagefind's own browser engine (pagefind.js) run under Node, counting every file it fetches.
//
//   node pagefind_bytes.mjs BUNDLE QUERIES.json     (a JSON list of {query, lang, limit})
//
// For each query a fresh copy of pagefind.js is imported (an empty cache, as in a new browser
// tab), it sees a page whose `<html lang>` is the query's language, `fetch` is replaced by a reader of BUNDLE that records each file, and the query's first
// `limit` results are loaded (`result.data()`, which fetches their fragments). Each file is
// counted as gzip level 9 of its content: Pagefind stores most files gzipped, so they are
// decompressed first (`gzip` here is what the project's counter does with its JSON files).
// Under Node there is no Worker, so pagefind.js works on the main thread; a browser would also
// fetch pagefind-worker.js, which is not counted here. Prints one JSON list of results.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { gunzipSync, gzipSync } from "node:zlib";

const [bundle, queriesFile] = process.argv.slice(2);

function gzip9(data) {
  const plain = data[0] === 0x1f && data[1] === 0x8b ? gunzipSync(data) : data;
  return gzipSync(plain, { level: 9 }).length;
}

function installFetch(files) {
  globalThis.fetch = async (url) => {
    const name = String(url).replace(/^\/pagefind\//, "").split("?")[0];
    const data = await readFile(join(bundle, name));
    files.push({ name, disk: data.length, gzip: gzip9(data) });
    return new Response(data);
  };
}

async function run({ query, lang, limit = 5 }, n) {
  const files = [];
  installFetch(files);
  globalThis.document = { currentScript: null, querySelector: (css) => (css === "html" ? { getAttribute: (name) => (name === "lang" ? lang : null) } : null) };
  const pagefind = await import(`${pathToFileURL(join(bundle, "pagefind.js"))}?query=${n}`);
  await pagefind.options({ basePath: "/pagefind/" });
  await pagefind.init();
  const found = await pagefind.search(query);
  const shown = await Promise.all(found.results.slice(0, limit).map((r) => r.data()));
  const sum = (key) => files.reduce((total, f) => total + f[key], 0);
  return { query, lang, total: found.results.length, urls: shown.map((d) => d.url), files, bytes: { files: files.length, disk: sum("disk"), gzip: sum("gzip") } };
}

const queries = JSON.parse(await readFile(queriesFile, "utf8"));
const outs = [];
for (const [n, q] of queries.entries()) outs.push(await run(q, n));
console.log(JSON.stringify(outs));
