// A tiny search index in memory, in the format plugins/search/export.py writes (see
// entries.py and terms.py there), for the unit tests of search.js. Each document is
// {title, body, type, place, national, url}; documents of one type must be consecutive (the
// exporter orders them so too: the priors are runs of documents).
//
// Words are split with search.js's own analyser, so this builder cannot disagree with the engine
// about tokens; whether those tokens are whoosh's is tested against fixed Python output.
import { readFileSync } from "node:fs";
import { analyser, open } from "../static/js/search/search.js";

export const FOLD = JSON.parse(readFileSync(new URL("fixtures/fold.json", import.meta.url), "utf8"));

// The constants of export.py.
const BOOSTS = { title: 3.0, body: 1.0, exact: 2.0, pair: 2.0 };
const BM25 = { B: 0.75, K1: 1.2, field_B: { title: 0.4, body: 0.3, exact: 0.3, pair: 0.3 } };
const PRIORS = { locality: 0.35, calendar: 0.5, agency: 0.7, listing: 0.8 };
const FIELDS = ["title", "body", "exact", "pair"];

/** Postings `[doc gap, tf, length, …]` of each term, from per-document counts. */
function postings(perDoc) {
  const out = new Map();
  const last = new Map();
  perDoc.forEach(({ counts, length }, doc) => {
    for (const [term, tf] of counts) {
      if (!out.has(term)) out.set(term, []);
      out.get(term).push(doc - (last.get(term) ?? 0), tf, length);
      last.set(term, doc);
    }
  });
  return out;
}

function count(terms) {
  const counts = new Map();
  for (const term of terms) counts.set(term, (counts.get(term) || 0) + 1);
  return { counts, length: terms.length };
}

/** The files of an index of `docs`: path → parsed JSON. */
export function build(docs, { stem = null, aliases = { groups: [], renamed: [] }, optional = [] } = {}) {
  const analyse = analyser(FOLD, stem);
  const fields = docs.map((d) => {
    const title = analyse(d.title);
    const body = analyse(d.body || "");
    const both = [...title, ...body];
    return {
      title: count(title.map((w) => w.key)),
      body: count(body.map((w) => w.key)),
      exact: count(both.map((w) => w.exact)),
      pair: count(both.slice(1).map((w, i) => `${both[i].key} ${w.key}`)),
      keyOf: new Map(both.map((w) => [w.exact, w.key])),
    };
  });
  const entries = {};
  const entry = (key) => (entries[key] ??= [0, 0, 0, 0]);
  for (const [slot, name] of FIELDS.entries()) {
    for (const [term, list] of postings(fields.map((f) => f[name]))) {
      if (name !== "exact") {
        entry(term)[slot] = list;
        continue;
      }
      const key = fields.find((f) => f.keyOf.has(term)).keyOf.get(term);
      entry(key)[2] ||= {};
      entry(key)[2][term] = list;
    }
  }
  const average = Object.fromEntries(FIELDS.map((name) => [name, fields.reduce((sum, f) => sum + f[name].length, 0) / docs.length]));
  const priors = [];
  docs.forEach((d, doc) => {
    if (!doc || docs[doc - 1].type !== d.type) priors.push([doc, PRIORS[d.type] ?? 1.0, d.type]);
  });
  const lists = {};
  const add = (name, doc) => {
    lists[name] ??= [];
    lists[name].push(doc);
  };
  docs.forEach((d, doc) => {
    add(`type-${d.type}`, doc);
    if (d.place) add(`place-${d.place}`, doc);
    if (d.national) add("national", doc);
  });
  const gaps = (numbers) => numbers.map((n, i) => n - (i ? numbers[i - 1] : 0));
  const names = Object.keys(lists).sort();
  const manifest = {
    lang: stem ? "en" : "vi",
    version: "test",
    docs: docs.length,
    average_length: average,
    boost: BOOSTS,
    bm25: BM25,
    accent: 0.1,
    synonym: 0.7,
    whole: 4.0,
    optional,
    priors,
    aliases,
    prefix: { min: 2, expand: 20, weight: 0.3 },
    head: { postings: 200, titled: 6 },
    stem: Boolean(stem),
    fold: FOLD,
    shards: [["", "0"]],
    records: [[0, docs.length]],
    filters: names.length ? [names[0]] : [],
    types: [...new Set(docs.map((d) => d.type))].sort(),
  };
  return {
    "manifest.json": manifest,
    "d/0.json": [["", "0"]],
    "t/0.json": entries,
    "r/0.json": docs.map((d) => ({
      url: d.url || "",
      title: d.title,
      type: d.type,
      date: "",
      place: d.place || "",
      snippet: [d.body || ""],
    })),
    "f/0.json": Object.fromEntries(names.map((name) => [name, gaps(lists[name])])),
  };
}

/** The engine over `files`, loading from memory; `loaded` lists the paths it asked for. */
export async function openTiny(files, stem = null) {
  const loaded = [];
  const load = async (path) => {
    loaded.push(path);
    const file = files[path.split("?")[0]];
    if (file === undefined) throw new Error(`no file ${path}`);
    return structuredClone(file);
  };
  const index = await open(load, stem);
  return { index, loaded };
}

/** The titles of a query's results, best first. */
export async function titles(index, query, options = {}) {
  const found = await index.search(query, { prefix: false, ...options });
  const out = [];
  for (const hit of found.hits) out.push((await index.record(hit.doc)).title);
  return out;
}
