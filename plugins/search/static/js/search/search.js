// The search engine: a dependency-free ES module with no DOM code (browser and Node alike).
//
// It reads the static index written by plugins/search/export.py through a `load(path)`
// function the caller gives it (fetch in the browser, the file system under Node), so it only
// ever loads the manifest, the shards holding the query's keys (through their groups' tables,
// `d/`), the records files holding the results shown, the filter group holding each filter
// chosen and, when needed, tails. It asks for what it needs at once (`prefetch`): a query costs
// three round trips (manifest, shard tables, shards), and one more for each round of tails.
// A common key's entry holds only its head postings, with all its documents and what its tail
// (`p/<name>.json`) can score at most (export.py): tails load only while the heads (and tails
// loaded) cannot prove the hits (`tiered`), the results always those of the whole lists.
//
// Query words get the forms plugins/core/analysis.py gives page words: NFC, lower case, one
// tone-mark placement, whoosh's own accent map (shipped in the manifest) and, in English, the
// Porter stemmer (porter.js, passed in as `stem`). tests/test_search_parity.py proves both
// sides give identical terms for every word of the corpus.
//
// Ranking is whoosh's BM25F extended as plugins/search_index/search_index.py explains (priors,
// whole titles, accents, aliases, optional words); reference.py ranks the same, score for score.

const TOKEN = /[\p{L}\p{N}_]+/gu; // Python's \w on NFC text
const SNIPPET_CHARS = 240; // a snippet: the best sentence and those after it, up to this length
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
    this.merged = new Map(); // a cut list → its whole postings, head and tail merged
    this.tails = new WeakMap(); // a cut entry → its tail documents
  }

  fetch(path, versioned = false) {
    const full = versioned ? `${path}?v=${this.manifest.version}` : path;
    if (!this.cache.has(full)) this.cache.set(full, this.load(full).catch(() => null));
    return this.cache.get(full);
  }

  /** A group's shard table, [[first key, shard name], …]. */
  async group(at) {
    return (await this.fetch(`d/${this.manifest.shards[at][1]}.json`)) || [];
  }

  async entry(key) {
    if (!this.manifest.shards.length) return null;
    const table = await this.group(before(this.manifest.shards, key));
    const shard = table.length ? await this.fetch(`t/${table[before(table, key)][1]}.json`) : null;
    return (shard && shard[key]) || null;
  }

  /** Keys starting with `prefix` (not pairs), commonest first, at most `prefix.expand`; shards
   *  of pairs alone ("ab c" to "ab d") are skipped. */
  async expand(prefix) {
    const groups = this.manifest.shards;
    const found = [];
    let at = groups.length ? before(groups, prefix) : 0;
    let table = groups.length ? await this.group(at) : [];
    for (let i = before(table, prefix); i < table.length; i++) {
      const first = table[i][0];
      if (first > prefix && !first.startsWith(prefix)) break;
      const next = i + 1 < table.length ? table[i + 1][0] : at + 1 < groups.length ? groups[at + 1][0] : null;
      const space = first.indexOf(" ");
      if (!(space >= 0 && next && next.startsWith(first.slice(0, space + 1)))) {
        const shard = (await this.fetch(`t/${table[i][1]}.json`)) || {};
        for (const [key, entry] of Object.entries(shard)) {
          if (key.startsWith(prefix) && !key.includes(" ")) found.push([key, docFrequency(entry)]);
        }
      }
      if (i + 1 === table.length && at + 1 < groups.length) {
        if (groups[at + 1][0] > prefix && !groups[at + 1][0].startsWith(prefix)) break;
        table = await this.group(++at);
        i = -1;
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

  /** Ranked document numbers: {total, hits: [{doc, score}], words}; `tails`: load every tail. */
  async search(query, { type = "", place = "", limit = 10, prefix, tails = false } = {}) {
    const words = this.words(query, prefix);
    if (!words.length) return { total: 0, hits: [], words };
    const units = this.units(words);
    const filtered = this.allowed(type, place);
    await Promise.all([this.prefetch(units), ...words.map(async (word) => (word.keys = await this.keysOf(word)))]);
    const required = await this.required(units);
    const asked = { words, units, required, allowed: await filtered };
    let found = null;
    const loaded = new Set(); // keys whose tails are loaded
    for (let round = 0; !tails && !found && round < 3; round++) {
      const tried = await this.tiered(asked, limit, loaded);
      if (tried.hits) found = tried;
      else for (const key of tried.next) loaded.add(key);
      if (!found) await this.prefetchTails(tried.next, words);
    }
    if (!found) {
      const scores = await this.evaluate(asked, { whole: true });
      found = { total: scores.size, hits: top(scores, scores.docs, limit) };
    }
    for (const unit of units) for (const alternative of unit.alternatives) words.push(...alternative);
    return { ...found, words };
  }

  /** Fetch at once the entries a query reads (its words', their alternatives' and the pairs'),
   *  so that a slow network costs a round trip or two, not two for every word. */
  async prefetch(units) {
    const words = units.flatMap((unit) => unit.words);
    const keys = units.flatMap((unit) => [unit.words, ...unit.alternatives].flat().map((w) => w.key));
    for (let i = 1; i < words.length; i++) keys.push(`${words[i - 1].key} ${words[i].key}`);
    await Promise.all(keys.map((key) => this.entry(key)));
  }

  /** Fetch at once the tail files `list` will read for `keys`: the key's lists', and the exact
   *  form's of each word typed with that key. */
  async prefetchTails(keys, words) {
    const names = new Set();
    for (const key of keys) {
      const entry = await this.entry(key);
      if (!entry) continue;
      for (const slot of [0, 1, 3]) names.add(tailFile(entry, slot));
      for (const w of words) if (w.key === key && w.exact !== w.key) names.add(tailFile(entry, 2, w.exact));
    }
    names.delete(null);
    await Promise.all([...names].map((name) => this.fetch(`p/${name}.json`)));
  }

  /** {total, hits} from the heads and the `loaded` keys' tails, or {next: keys whose tails to
   *  load}: a document in another tail scores it at 0 (low) and at most (high); the others,
   *  known, score as on the whole lists. */
  async tiered(query, limit, loaded) {
    const unknown = new Uint8Array(this.manifest.docs); // 1: a document in a tail not loaded
    const cut = new Map(); // a key whose tail is not loaded → [entry, most it adds a document]
    const low = await this.evaluate(query, { loaded, high: false, unknown, cut });
    const known = low.docs.filter((doc) => !unknown[doc]);
    const hits = top(low, known, limit);
    if (known.length === low.size) return { total: low.size, hits };
    let undecided = low.docs.filter((doc) => unknown[doc]);
    if (hits.length && hits.length >= limit) {
      const high = await this.evaluate(query, { loaded, high: true, unknown: new Uint8Array(this.manifest.docs), cut: new Map() });
      const threshold = hits[hits.length - 1].score;
      undecided = undecided.filter((doc) => !(high.has(doc) && high.get(doc) * (1 + 1e-9) < threshold));
      if (!undecided.length) return { total: low.size, hits };
    }
    // load the tails that can most change the undecided documents' scores
    const docs = new Uint8Array(this.manifest.docs);
    for (const doc of undecided) docs[doc] = 1;
    const next = [...cut].filter(([, [entry]]) => this.tailOf(entry).some((doc) => docs[doc]));
    const most = Math.max(...next.map(([, [, slack]]) => slack));
    return { next: next.filter(([, [, slack]]) => slack >= most / 4).map(([key]) => key) };
  }

  /** The matches' Scores, on the whole lists or (`tiered`) the heads. */
  async evaluate({ words, units, required, allowed }, view) {
    const parts = [];
    for (const unit of required) parts.push(await this.unitScores(unit, view));
    let scores = intersect(parts);
    if (!scores.size) scores = union(parts);
    for (const unit of units) if (!required.includes(unit)) addTo(scores, await this.unitScores(unit, view));
    await this.addPairs(scores, words, view);
    await this.adjust(scores, units, words);
    if (allowed) scores.keep(allowed);
    return scores;
  }

  /** {postings, df} of an entry's list (`form`: of slot 2): a cut one's head, or whole. */
  async list(key, entry, slot, form, view) {
    const stored = slot === 2 ? entry[2] && entry[2][form] : entry[slot];
    if (!stored) return null;
    const cut = entry[4];
    if (!cut) return { postings: stored, df: stored.length / 3 };
    const df = slot === 2 ? cut.n[2][form] : cut.n[slot];
    if (!view.whole && !view.loaded.has(key)) return { postings: stored, df };
    const id = `${key}\u0000${slot}\u0000${form || ""}`;
    if (!this.merged.has(id)) {
      const name = tailFile(entry, slot, form);
      const tails = name ? await this.fetch(`p/${name}.json`) : null;
      const tail = tails && (slot === 2 ? tails : tails[slot]);
      this.merged.set(id, merge(stored, tail || []));
    }
    return { postings: this.merged.get(id), df };
  }

  /** A cut entry's documents not in its head. */
  tailOf(entry) {
    if (!this.tails.has(entry)) {
      const head = new Set();
      for (const slot of [0, 1, 3]) if (entry[slot]) for (const doc of docsOf(entry[slot])) head.add(doc);
      this.tails.set(
        entry,
        decodeMembers(entry[4].d, this.manifest.docs).filter((doc) => !head.has(doc)),
      );
    }
    return this.tails.get(entry);
  }

  /** A cut entry's tail documents: unknown, scored 0 (low) or at most (high). */
  unseen(scores, key, entry, scale, view) {
    if (view.whole || !entry[4] || view.loaded.has(key)) return;
    const most = view.high ? entry[4].x * scale : 0;
    if (!(view.cut.get(key)?.[1] >= entry[4].x * scale)) view.cut.set(key, [entry, entry[4].x * scale]);
    for (const doc of this.tailOf(entry)) {
      view.unknown[doc] = 1;
      scores.add(doc, most);
    }
  }

  /** Units: a word, or words that are an alias, with what the alias also means. */
  units(words) {
    if (!this.aliasStarts) {
      this.aliasStarts = new Map();
      const { synonym } = this.manifest;
      const words = (member) => this.analyse(member).map((w) => ({ ...w, prefix: false, weight: synonym, alias: true }));
      const add = (member, alternatives) => {
        const keys = words(member).map((w) => w.key);
        if (!this.aliasStarts.has(keys[0])) this.aliasStarts.set(keys[0], []);
        this.aliasStarts.get(keys[0]).push({ keys, alternatives: alternatives.map(words) });
      };
      const { groups = [], renamed = [] } = this.manifest.aliases || {};
      for (const group of groups) for (const member of group) add(member, group.filter((m) => m !== member));
      for (const [old, now] of renamed) add(old, [now]);
    }
    const units = [];
    for (let i = 0; i < words.length; ) {
      let best = null;
      for (const member of this.aliasStarts.get(words[i].key) || []) {
        const n = member.keys.length;
        if (i + n <= words.length && member.keys.every((key, j) => words[i + j].key === key) && (!best || n > best.keys.length)) best = member;
      }
      const span = best ? best.keys.length : 1;
      const alternatives = best ? best.alternatives.filter((alt) => !best.keys.every((key) => alt.some((w) => w.key === key))) : [];
      units.push({ words: words.slice(i, i + span), alternatives });
      i += span;
    }
    return units;
  }

  /** The units a page must match: not question words, nor a place name beside other words. */
  async required(units) {
    const optional = new Set(this.manifest.optional || []);
    const word = units.map((u) => !u.alternatives.length && u.words.length === 1 && optional.has(u.words[0].key));
    const place = [];
    for (const unit of units) place.push(await this.isPlace(unit));
    const keep = (skip) => units.filter((_, i) => !skip[i]);
    const soft = units.map((_, i) => word[i] || place[i]);
    if (!soft.every(Boolean)) return keep(soft);
    return word.every(Boolean) ? units : keep(word);
  }


  async isPlace(unit) {
    for (const keys of [unit.words, ...unit.alternatives].map((words) => words.map((w) => w.key))) {
      for (const doc of await this.titled(keys)) if (this.typeOf(doc) === "locality") return true;
    }
    return false;
  }

  /** Each document's prior, by number (computed once). */
  priorOf() {
    if (!this.priors) {
      this.priors = new Float64Array(this.manifest.docs).fill(1);
      for (const [first, prior] of this.manifest.priors) this.priors.fill(prior, first);
    }
    return this.priors;
  }

  /** An empty doc → score for this index's documents. */
  scores() {
    return new Scores(this.manifest.docs);
  }

  typeOf(doc) {
    let found = "";
    for (const [first, , type] of this.manifest.priors) if (first <= doc) found = type;
    return found;
  }

  /** doc → score of one unit: its best reading (as typed, or an alternative). */
  async unitScores(unit, view) {
    const typed = [];
    for (const word of unit.words) typed.push(await this.clause(word, view));
    const parts = [intersect(typed)];
    for (const alternative of unit.alternatives) {
      const clauses = [];
      for (const word of alternative) {
        word.keys = [[word.key, 1]];
        clauses.push(await this.clause(word, view));
      }
      parts.push(intersect(clauses));
    }
    if (parts.length === 1) return parts[0];
    const best = this.scores();
    for (const part of parts) for (const doc of part.docs) if (!(best.has(doc) && best.get(doc) >= part.get(doc))) best.set(doc, part.get(doc));
    return best;
  }

  /** Each score × its type's prior × the bonus when its whole title is the query. */
  async adjust(scores, units, words) {
    const { whole } = this.manifest;
    const named = new Map();
    const alternatives = units.length === 1 ? units[0].alternatives : [];
    for (const alt of alternatives) for (const doc of await this.titled(alt.map((w) => w.key))) named.set(doc, whole * this.manifest.synonym);
    for (const doc of await this.titled(words.map((w) => w.key))) named.set(doc, whole);
    const prior = this.priorOf();
    for (const doc of scores.docs) scores.set(doc, scores.get(doc) * prior[doc] * (named.get(doc) || 1));
  }

  /** The documents whose title is exactly these keys, in any order (heads hold short titles). */
  async titled(keys) {
    let docs = null;
    const view = { whole: keys.length > this.manifest.head.titled, loaded: new Set() };
    for (const key of new Set(keys)) {
      const entry = await this.entry(key);
      const found = new Set();
      const list = entry && (await this.list(key, entry, 0, null, view));
      const title = list && list.postings;
      let doc = 0;
      for (let i = 0; title && i < title.length; i += 3) {
        doc += title[i];
        if (title[i + 2] === keys.length) found.add(doc);
      }
      docs = docs ? new Set([...docs].filter((d) => found.has(d))) : found;
    }
    return docs || new Set();
  }

  /** The keys a word matches: itself, and while typing its expansions (weighted down). */
  async keysOf(word) {
    const keys = [[word.key, 1]];
    if (!word.prefix) return keys;
    for (const key of await this.expand(word.folded)) if (key !== word.key) keys.push([key, this.manifest.prefix.weight]);
    return keys;
  }

  /** doc → score of one word: its keys in title and body, and its exact form; typed with
   *  accents, its key counts `accent` of it where the page lacks that exact form. */
  async clause(word, view) {
    const scores = this.scores();
    const { boost, accent } = this.manifest;
    const scale = word.weight ?? 1;
    const main = word.exact !== word.key ? await this.entry(word.key) : null;
    const exact = main && (await this.list(word.key, main, 2, word.exact, view));
    const accented = word.exact !== word.folded;
    let withExact = null;
    if (accented) {
      withExact = new Uint8Array(this.manifest.docs);
      if (exact) for (const doc of docsOf(exact.postings)) withExact[doc] = 1;
      if (exact && view.high && main[4] && !view.loaded.has(word.key)) for (const doc of this.tailOf(main)) withExact[doc] = 1;
    }
    for (const [key, weight] of word.keys) {
      const entry = await this.entry(key);
      if (!entry) continue;
      const part = key === word.key && accented ? this.scores() : scores;
      this.score(part, await this.list(key, entry, 0, null, view), "title", boost.title * weight * scale);
      this.score(part, await this.list(key, entry, 1, null, view), "body", boost.body * weight * scale);
      this.unseen(part, key, entry, weight * scale, view);
      if (part !== scores) for (const doc of part.docs) scores.add(doc, withExact[doc] ? part.get(doc) : part.get(doc) * accent);
    }
    if (exact) this.score(scores, exact, "exact", boost.exact * scale);
    return scores;
  }

  async addPairs(scores, words, view) {
    for (let i = 1; i < words.length; i++) {
      const key = `${words[i - 1].key} ${words[i].key}`;
      const entry = await this.entry(key);
      if (!entry || !entry[3]) continue;
      const pair = this.scores();
      this.score(pair, await this.list(key, entry, 3, null, view), "pair", this.manifest.boost.pair);
      this.unseen(pair, key, entry, 1, view);
      addTo(scores, pair);
    }
  }

  /** Add BM25F scores of one term's postings [gap, tf, length, …] to `scores`. */
  score(scores, list, field, boost) {
    if (!list) return;
    const { docs, average_length: average, bm25 } = this.manifest;
    const { postings } = list;
    const idf = Math.log(docs / (list.df + 1)) + 1;
    const avg = average[field] || 1;
    const B = bm25.field_B[field] ?? bm25.B;
    let doc = 0;
    for (let i = 0; i < postings.length; i += 3) {
      doc += postings[i];
      const tf = postings[i + 1];
      const length = postings[i + 2];
      const s = idf * ((tf * (bm25.K1 + 1)) / (tf + bm25.K1 * (1 - B + (B * length) / avg)));
      scores.add(doc, s * boost);
    }
  }

  /** The set of documents the filters allow, or null for no filter. */
  async allowed(type, place) {
    let allowed = null;
    for (const name of [type && `type-${type}`, place && `place-${place}`]) {
      if (!name) continue;
      const docs = new Set(gapsToNumbers(await this.filter(name)));
      if (name.startsWith("place-")) for (const doc of gapsToNumbers(await this.filter("national"))) docs.add(doc);
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

  /** [{text, hit}] pieces of `text`: a word typed with accents marks its exact form only,
   *  one typed without accents every form. */
  highlight(text, words) {
    const nfc = text.normalize("NFC");
    const matches = (token) =>
      words.some((w) => {
        const accented = w.exact !== w.folded;
        if (w.prefix) return accented ? token.exact.startsWith(w.exact) : token.folded.startsWith(w.folded);
        return accented ? token.exact === w.exact : token.key === w.key;
      });
    const pieces = [];
    let at = 0;
    for (const token of this.analyse(nfc)) {
      if (!matches(token)) continue;
      if (token.start > at) pieces.push({ text: nfc.slice(at, token.start), hit: false });
      pieces.push({ text: nfc.slice(token.start, token.end), hit: true });
      at = token.end;
    }
    if (at < nfc.length) pieces.push({ text: nfc.slice(at), hit: false });
    return pieces;
  }

  /** The best passage: the sentence with the most distinct query words (then most matches,
   *  then first), and the sentences after it up to `chars`; highlighted. */
  snippet(record, words, chars = SNIPPET_CHARS) {
    const sentences = record.snippet || [];
    let best = -1;
    let bestScore = -1;
    sentences.forEach((sentence, at) => {
      const hits = this.highlight(sentence, words).filter((p) => p.hit);
      const distinct = new Set(hits.map((p) => this.analyse(p.text)[0].key)).size;
      const score = distinct * 1000 + Math.min(hits.length, 999);
      if (score > bestScore) [best, bestScore] = [at, score];
    });
    if (best < 0) return [];
    let text = sentences[best];
    for (let i = best + 1; i < sentences.length && text.length + sentences[i].length < chars; i++) text += ` ${sentences[i]}`;
    return this.highlight(text, words);
  }
}

/** doc → score over an index's document numbers: the sums in a typed array indexed by number,
 *  the documents present listed in the order they came. A Map did the same at several times the
 *  cost (a 10,000-page index scores up to 250,000 postings a query). */
class Scores {
  constructor(size) {
    this.sum = new Float64Array(size);
    this.present = new Uint8Array(size);
    this.docs = [];
  }

  get size() {
    return this.docs.length;
  }

  has(doc) {
    return this.present[doc] === 1;
  }

  get(doc) {
    return this.sum[doc];
  }

  set(doc, score) {
    if (!this.present[doc]) this.docs.push(doc);
    this.present[doc] = 1;
    this.sum[doc] = score;
  }

  /** Add `score` to a document's sum (a new one starts at 0). */
  add(doc, score) {
    if (!this.present[doc]) this.docs.push(doc);
    this.present[doc] = 1;
    this.sum[doc] += score;
  }

  /** Drop the documents `allowed` (a Set) lacks. */
  keep(allowed) {
    const kept = [];
    for (const doc of this.docs) {
      if (allowed.has(doc)) kept.push(doc);
      else this.present[doc] = 0;
    }
    this.docs = kept;
  }
}

/** The `limit` best of `docs` as [{doc, score}]: higher score first, then lower number. */
function top(scores, docs, limit) {
  const best = [];
  const ahead = (hit, other) => hit.score > other.score || (hit.score === other.score && hit.doc < other.doc);
  for (const doc of docs) {
    const hit = { doc, score: scores.get(doc) };
    if (best.length >= limit && !ahead(hit, best[best.length - 1])) continue;
    let at = best.length;
    best.push(hit);
    for (; at > 0 && ahead(hit, best[at - 1]); at--) [best[at], best[at - 1]] = [best[at - 1], hit];
    if (best.length > limit) best.pop();
  }
  return best;
}

/** The tail file holding the rest of a cut entry's list (`form`: of slot 2), or null. */
function tailFile(entry, slot, form) {
  const stored = slot === 2 ? entry[2] && entry[2][form] : entry[slot];
  const cut = entry[4];
  if (!stored || !cut) return null;
  return (slot === 2 ? cut.e && cut.e[form] : cut.t) || null;
}

/** Add `more` to the documents already in `scores` (whoosh's AndMaybe). */
function addTo(scores, more) {
  for (const doc of more.docs) if (scores.has(doc)) scores.add(doc, more.get(doc));
}

function docFrequency(entry) {
  if (entry[4]) return entry[4].n[0] + entry[4].n[1];
  return (entry[0] ? entry[0].length / 3 : 0) + (entry[1] ? entry[1].length / 3 : 0);
}

/** The last row of `table` ([[first key, …], …] in key order) whose first key is ≤ `key`, or 0. */
function before(table, key) {
  let lo = 0;
  let hi = table.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (table[mid][0] <= key) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Members: gaps, or a base64 bitset (document d: bit d % 8 of byte d / 8). */
function decodeMembers(stored, count) {
  if (Array.isArray(stored)) return gapsToNumbers(stored);
  const bytes = atob(stored);
  const out = [];
  for (let doc = 0; doc < count; doc++) if ((bytes.charCodeAt(doc >> 3) >> (doc & 7)) & 1) out.push(doc);
  return out;
}

/** Two postings lists of distinct documents as one. */
function merge(a, b) {
  const out = new Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let last = 0;
  let docA = a[0];
  let docB = b[0];
  for (let at = 0; i < a.length || j < b.length; at += 3) {
    const fromA = j >= b.length || (i < a.length && docA < docB);
    const list = fromA ? a : b;
    const k = fromA ? i : j;
    const doc = fromA ? docA : docB;
    out[at] = doc - last;
    out[at + 1] = list[k + 1];
    out[at + 2] = list[k + 2];
    last = doc;
    if (fromA) {
      i += 3;
      docA += a[i];
    } else {
      j += 3;
      docB += b[j];
    }
  }
  return out;
}

/** The document numbers of a postings list [gap, tf, length, …]. */
function docsOf(postings) {
  const docs = new Array(postings.length / 3);
  let doc = 0;
  for (let i = 0; i < postings.length; i += 3) {
    doc += postings[i];
    docs[i / 3] = doc;
  }
  return docs;
}

function gapsToNumbers(gaps) {
  let at = 0;
  return gaps.map((gap) => (at += gap));
}

/** The documents in every one of `all` (Scores), each with the sum of its scores, in `all`'s order. */
function intersect(all) {
  if (all.length === 1) return all[0];
  const [first, ...rest] = [...all].sort((a, b) => a.size - b.size);
  const out = new Scores(first.sum.length);
  for (const doc of first.docs) if (rest.every((s) => s.has(doc))) out.set(doc, first.get(doc));
  for (const scores of all) if (scores !== first) for (const doc of out.docs) out.add(doc, scores.get(doc));
  return out;
}

/** The documents in any of `all`, each with the sum of its scores in `all`'s order. */
function union(all) {
  const out = new Scores(all[0].sum.length);
  for (const scores of all) for (const doc of scores.docs) out.add(doc, scores.get(doc));
  return out;
}
