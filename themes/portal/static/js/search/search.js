// The search engine: a dependency-free ES module with no DOM code (browser and Node alike).
//
// It reads the static index written by plugins/search_index/export.py through a `load(path)`
// function the caller gives it (fetch in the browser, the file system under Node), so it only
// ever loads the manifest, the shards holding the query's keys, the records files holding
// the results shown, and the filter group holding each filter chosen.
//
// Query words get the forms plugins/core/analysis.py gives page words: NFC, lower case, one
// tone-mark placement, whoosh's own accent map (shipped in the manifest) and, in English, the
// Porter stemmer (porter.js, passed in as `stem`). tests/test_search_parity.py proves both
// sides give identical terms for every word of the corpus.
//
// Ranking is whoosh's BM25F, term for term, so `invoke search --reference` can check it:
// per query word, the keys in title (boosted) and body, plus the exact accented form when the
// reader typed one; plus consecutive word pairs. Every word must match; if no page has them
// all, any word may. Ties go to the lower document number, as in whoosh.

const TOKEN = /[\p{L}\p{N}_]+/gu; // Python's \w on NFC text
const TONES = "\u0300\u0301\u0303\u0309\u0323";
const OLD_STYLE = new RegExp(`(?<!q)(o)([ae])([${TONES}])$|(?<!q)(u)(y)([${TONES}])$`, "u");

/** A lower-case NFC word with its tone on the first vowel of a final oa, oe or uy (hoà → hòa). */
export function onePlacement(word) {
  const decomposed = word.normalize("NFD");
  const moved = decomposed.replace(OLD_STYLE, (_m, o, ae, t1, u, y, t2) => (o ? o + t1 + ae : u + t2 + y));
  return moved === decomposed ? word : moved.normalize("NFC");
}

/** A function text → [{exact, folded, key, start, end}], offsets into text.normalize("NFC"). */
export function analyser(foldMap, stem) {
  const fold = (word) => {
    let out = "";
    for (const ch of word) out += foldMap[ch] ?? ch;
    return out;
  };
  return (text) => {
    const words = [];
    for (const match of text.normalize("NFC").matchAll(TOKEN)) {
      const exact = onePlacement(match[0].toLowerCase());
      const folded = fold(exact);
      const key = stem ? stem(folded) : folded;
      words.push({ exact, folded, key, start: match.index, end: match.index + match[0].length });
    }
    return words;
  };
}

/** Open the index of one language; `load(path)` resolves to parsed JSON. */
export async function open(load, stem = null) {
  const manifest = await load("manifest.json");
  return new Index(load, manifest, manifest.stem ? stem : null);
}

class Index {
  constructor(load, manifest, stem) {
    this.load = load;
    this.manifest = manifest;
    this.analyse = analyser(manifest.fold, stem);
    this.stem = stem;
    this.cache = new Map(); // path → promise of JSON
  }

  fetch(path, versioned = false) {
    const full = versioned ? `${path}?v=${this.manifest.version}` : path;
    if (!this.cache.has(full)) this.cache.set(full, this.load(full).catch(() => null));
    return this.cache.get(full);
  }

  shardIndex(key) {
    const shards = this.manifest.shards;
    let lo = 0;
    let hi = shards.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (shards[mid][0] <= key) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  async entry(key) {
    if (!this.manifest.shards.length) return null;
    const shard = await this.fetch(`t/${this.manifest.shards[this.shardIndex(key)][1]}.json`);
    return (shard && shard[key]) || null;
  }

  /** Keys starting with `prefix` (not pairs), commonest first, at most `prefix.expand`. */
  async expand(prefix) {
    const shards = this.manifest.shards;
    const found = [];
    for (let i = this.shardIndex(prefix); i < shards.length; i++) {
      if (shards[i][0] > prefix && !shards[i][0].startsWith(prefix)) break;
      const shard = (await this.fetch(`t/${shards[i][1]}.json`)) || {};
      for (const [key, entry] of Object.entries(shard)) {
        if (key.startsWith(prefix) && !key.includes(" ")) found.push([key, docFrequency(entry)]);
      }
    }
    found.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return found.slice(0, this.manifest.prefix.expand).map(([key]) => key);
  }

  /** Query words: analysed, deduplicated, the last one marked as a prefix while typing. */
  words(query, prefix) {
    const words = [];
    const seen = new Set();
    for (const word of this.analyse(query)) {
      if (!seen.has(word.exact)) words.push({ ...word, prefix: false });
      seen.add(word.exact);
    }
    const typing = prefix ?? /[\p{L}\p{N}_]$/u.test(query);
    const last = words[words.length - 1];
    if (last && typing && last.folded.length >= this.manifest.prefix.min) last.prefix = true;
    return words;
  }

  /** Ranked document numbers: {total, hits: [{doc, score}], words}. */
  async search(query, { type = "", place = "", limit = 10, prefix } = {}) {
    const words = this.words(query, prefix);
    if (!words.length) return { total: 0, hits: [], words };
    for (const word of words) word.keys = await this.keysOf(word);
    const clauses = await Promise.all(words.map((word) => this.clause(word)));
    let scores = intersect(clauses);
    if (!scores.size) scores = union(clauses);
    await this.addPairs(scores, words);
    const allowed = await this.allowed(type, place);
    const hits = [];
    for (const [doc, score] of scores) if (!allowed || allowed.has(doc)) hits.push({ doc, score });
    hits.sort((a, b) => b.score - a.score || a.doc - b.doc);
    return { total: hits.length, hits: hits.slice(0, limit), words };
  }

  /** The keys a word matches: itself, and while typing its expansions (weighted down). */
  async keysOf(word) {
    const keys = [[word.key, 1]];
    if (!word.prefix) return keys;
    for (const key of await this.expand(word.folded)) if (key !== word.key) keys.push([key, this.manifest.prefix.weight]);
    return keys;
  }

  /** doc → score of one query word: its keys in title and body, and its exact form. */
  async clause(word) {
    const scores = new Map();
    const { boost } = this.manifest;
    for (const [key, weight] of word.keys) {
      const entry = await this.entry(key);
      if (!entry) continue;
      this.score(scores, entry[0], "title", boost.title * weight);
      this.score(scores, entry[1], "body", boost.body * weight);
    }
    if (word.exact !== word.key) {
      const entry = await this.entry(word.key);
      const exact = entry && entry[2] && entry[2][word.exact];
      if (exact) this.score(scores, exact, "exact", boost.exact);
    }
    return scores;
  }

  async addPairs(scores, words) {
    for (let i = 1; i < words.length; i++) {
      const entry = await this.entry(`${words[i - 1].key} ${words[i].key}`);
      if (!entry || !entry[3]) continue;
      const pair = new Map();
      this.score(pair, entry[3], "pair", this.manifest.boost.pair);
      for (const [doc, score] of pair) if (scores.has(doc)) scores.set(doc, scores.get(doc) + score);
    }
  }

  /** Add BM25F scores of one term's postings [gap, tf, length, …] to `scores`. */
  score(scores, postings, field, boost) {
    if (!postings) return;
    const { docs, average_length: average, bm25 } = this.manifest;
    const idf = Math.log(docs / (postings.length / 3 + 1)) + 1;
    const avg = average[field] || 1;
    let doc = 0;
    for (let i = 0; i < postings.length; i += 3) {
      doc += postings[i];
      const tf = postings[i + 1];
      const length = postings[i + 2];
      const s = idf * ((tf * (bm25.K1 + 1)) / (tf + bm25.K1 * (1 - bm25.B + (bm25.B * length) / avg)));
      scores.set(doc, (scores.get(doc) || 0) + s * boost);
    }
  }

  /** The set of documents the filters allow, or null for no filter. */
  async allowed(type, place) {
    let allowed = null;
    for (const name of [type && `type-${type}`, place && `place-${place}`]) {
      if (!name) continue;
      const docs = new Set(gapsToNumbers(await this.filter(name)));
      allowed = allowed ? new Set([...allowed].filter((d) => docs.has(d))) : docs;
    }
    return allowed;
  }

  /** A filter list's gaps (`type-plan`, `place-01`), from its group of lists. */
  async filter(name) {
    const at = this.manifest.filters.filter((first) => first <= name).length - 1;
    const group = at < 0 ? null : await this.fetch(`f/${at}.json`, true);
    return (group && group[name]) || [];
  }

  /** The display record of a document: {url, title, type, date, place, snippet}. */
  async record(doc) {
    const [start, perFile] = this.manifest.records.filter(([first]) => first <= doc).pop();
    const first = doc - ((doc - start) % perFile);
    const records = await this.fetch(`r/${first}.json`, true);
    return records ? records[doc - first] : null;
  }

  /** Split `text` into [{text, hit}] pieces, marking the words a search matched. */
  highlight(text, words) {
    const keys = new Set(words.flatMap((w) => (w.keys || [[w.key]]).map(([key]) => key)));
    const prefixes = words.filter((w) => w.prefix).map((w) => w.folded);
    const nfc = text.normalize("NFC");
    const pieces = [];
    let at = 0;
    for (const token of this.analyse(nfc)) {
      if (!keys.has(token.key) && !prefixes.some((p) => token.folded.startsWith(p))) continue;
      if (token.start > at) pieces.push({ text: nfc.slice(at, token.start), hit: false });
      pieces.push({ text: nfc.slice(token.start, token.end), hit: true });
      at = token.end;
    }
    if (at < nfc.length) pieces.push({ text: nfc.slice(at), hit: false });
    return pieces;
  }

  /** The snippet sentence with most matched words (the first if none match), highlighted. */
  snippet(record, words) {
    let best = null;
    for (const sentence of record.snippet || []) {
      const pieces = this.highlight(sentence, words);
      const hits = pieces.filter((p) => p.hit).length;
      if (!best || hits > best.hits) best = { pieces, hits };
    }
    return best ? best.pieces : [];
  }
}

function docFrequency(entry) {
  return (entry[0] ? entry[0].length / 3 : 0) + (entry[1] ? entry[1].length / 3 : 0);
}

function gapsToNumbers(gaps) {
  let at = 0;
  return gaps.map((gap) => (at += gap));
}

function intersect(maps) {
  const [first, ...rest] = [...maps].sort((a, b) => a.size - b.size);
  const out = new Map();
  for (const [doc, score] of first) {
    if (rest.every((m) => m.has(doc))) out.set(doc, score);
  }
  return sumOthers(out, maps, first);
}

function union(maps) {
  const out = new Map();
  for (const m of maps) for (const [doc, score] of m) out.set(doc, (out.get(doc) || 0) + score);
  return out;
}

function sumOthers(out, maps, first) {
  for (const m of maps) {
    if (m === first) continue;
    for (const doc of out.keys()) out.set(doc, out.get(doc) + m.get(doc));
  }
  return out;
}
