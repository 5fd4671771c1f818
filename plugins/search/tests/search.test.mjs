// Unit tests of the browser's search engine (plugins/search/static/js/search/search.js) on tiny
// in-memory indexes (tiny-index.mjs). The Python side's own tests (tests/test_search*.py) compare
// the engine with whoosh over the whole corpus; these say what each rule does, one at a time.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { stem } from "../static/js/search/porter.js";
import { analyser, onePlacement, open } from "../static/js/search/search.js";
import { build, FOLD, openTiny, titles } from "./tiny-index.mjs";

const pairs = (words) => words.map((w) => [w.exact, w.key]);

/** whoosh's BM25F for one field of one document, in an index of two documents where one has the term. */
const bm25 = (tf, length, average, B) => ((Math.log(2 / (1 + 1)) + 1) * (tf * (1.2 + 1))) / (tf + 1.2 * (1 - B + (B * length) / average));

describe("words: the forms plugins/search/analysis.py gives", () => {
  // Expected values: [(exact, key) for exact_forms(text, lang), keys(text, lang)] from Python.
  test("Vietnamese: lower case, one tone placement, accents folded", () => {
    const text = "Mua bán người, HOÀ BÌNH hòa bình Thuỷ thủy quý Đà Nẵng Nghệ An Hà Nội đường dây nóng 111 trẻ_em ĐƯỜNG";
    assert.deepEqual(pairs(analyser(FOLD, null)(text)), [
      ["mua", "mua"],
      ["bán", "ban"],
      ["người", "nguoi"],
      ["hòa", "hoa"],
      ["bình", "binh"],
      ["hòa", "hoa"],
      ["bình", "binh"],
      ["thủy", "thuy"],
      ["thủy", "thuy"],
      ["quý", "quy"],
      ["đà", "da"],
      ["nẵng", "nang"],
      ["nghệ", "nghe"],
      ["an", "an"],
      ["hà", "ha"],
      ["nội", "noi"],
      ["đường", "duong"],
      ["dây", "day"],
      ["nóng", "nong"],
      ["111", "111"],
      ["trẻ_em", "tre_em"],
      ["đường", "duong"],
    ]);
  });

  test("English: folded, then Porter-stemmed", () => {
    const text = "Trafficked persons trafficking hotlines Reporting recruitment agencies yelling Victims' rights generously";
    assert.deepEqual(pairs(analyser(FOLD, stem)(text)), [
      ["trafficked", "traffick"],
      ["persons", "person"],
      ["trafficking", "traffick"],
      ["hotlines", "hotlin"],
      ["reporting", "report"],
      ["recruitment", "recruit"],
      ["agencies", "agenc"],
      ["yelling", "yell"],
      ["victims", "victim"],
      ["rights", "right"],
      ["generously", "gener"],
    ]);
  });

  test("decomposed input (letters, then marks) gives the same words as composed", () => {
    const analyse = analyser(FOLD, null);
    assert.deepEqual(pairs(analyse("Nẵng hoà".normalize("NFD"))), [
      ["nẵng", "nang"],
      ["hòa", "hoa"],
    ]);
  });

  test("offsets point into the NFC text", () => {
    const text = "Đà Nẵng, 2026";
    assert.deepEqual(
      analyser(FOLD, null)(text.normalize("NFD")).map((w) => text.slice(w.start, w.end)),
      ["Đà", "Nẵng", "2026"],
    );
  });

  test("the folded form keeps case-folded letters the accent map does not know", () => {
    const [word] = analyser(FOLD, null)("Straße");
    assert.deepEqual([word.exact, word.folded], ["straße", "strase"]); // whoosh: ß → s
  });

  test("one tone placement: oa, oe, uy at a word's end, but not after q", () => {
    assert.equal(onePlacement("hoà"), "hòa");
    assert.equal(onePlacement("hoè"), "hòe");
    assert.equal(onePlacement("thuỷ"), "thủy");
    assert.equal(onePlacement("quý"), "quý");
    assert.equal(onePlacement("hoàn"), "hoàn"); // not at the end: left alone
    assert.equal(onePlacement("hòa"), "hòa");
  });
});

describe("BM25F ranking", () => {
  test("a one-word score is the BM25F sum over title and body", async () => {
    const docs = [
      { title: "Our hotline", body: "call the hotline hotline now", type: "page" },
      { title: "Agencies", body: "ministries and police", type: "page" },
    ];
    const { index } = await openTiny(build(docs));
    const { hits } = await index.search("hotline", { prefix: false });
    assert.deepEqual(
      hits.map((h) => h.doc),
      [0],
    );
    // whoosh's BM25F per field: idf × tf(K1 + 1) / (tf + K1(1 − B + B × length / average)), with
    // idf = ln(N / (df + 1)) + 1 and B per field; × each field's boost (title 3, body 1). The word
    // is typed unaccented and is its own key: no exact-form score.
    const expected = bm25(1, 2, 1.5, 0.4) * 3 + bm25(2, 5, 4, 0.3);
    assert.ok(Math.abs(hits[0].score - expected) < 1e-12, `${hits[0].score} ≠ ${expected}`);
  });

  test("a page whose whole title is the query scores four times as much", async () => {
    const docs = [
      { title: "Hotline", body: "call the hotline hotline now", type: "page" },
      { title: "Agencies", body: "ministries and police", type: "page" },
    ];
    const { index } = await openTiny(build(docs));
    const { hits } = await index.search("hotline", { prefix: false });
    const expected = 4 * (bm25(1, 1, 1, 0.4) * 3 + bm25(2, 5, 4, 0.3));
    assert.ok(Math.abs(hits[0].score - expected) < 1e-12, `${hits[0].score} ≠ ${expected}`);
  });

  test("a word in the title outranks it in the body; more often outranks once", async () => {
    const docs = [
      { title: "About us", body: "we answer the hotline", type: "page" },
      { title: "Hotline", body: "call us", type: "page" },
      { title: "Numbers", body: "hotline or hotline again", type: "page" },
      { title: "Other", body: "nothing here", type: "page" },
    ];
    const { index } = await openTiny(build(docs));
    assert.deepEqual(await titles(index, "hotline"), ["Hotline", "Numbers", "About us"]);
  });

  test("every word is required while some page has them all; else any word will do", async () => {
    const docs = [
      { title: "Labour", body: "labour rights abroad", type: "page" },
      { title: "Victims", body: "rights of victims", type: "page" },
      { title: "Support", body: "support for victims", type: "page" },
    ];
    const { index } = await openTiny(build(docs));
    assert.deepEqual(await titles(index, "victims rights"), ["Victims"]);
    assert.deepEqual(new Set(await titles(index, "victims abroad")), new Set(["Victims", "Support", "Labour"]));
  });

  test("words side by side outrank the same words apart", async () => {
    const docs = [
      { title: "One", body: "người mua bán nhà", type: "page" },
      { title: "Two", body: "mua bán người", type: "page" },
    ];
    const { index } = await openTiny(build(docs));
    assert.deepEqual(await titles(index, "bán người"), ["Two", "One"]);
  });

  test("a type's prior scales its scores", async () => {
    const docs = [
      { title: "Hotline of Hà Nội", body: "call", type: "page" },
      { title: "Hotline of Hà Nội", body: "call", type: "locality" },
    ];
    const { index } = await openTiny(build(docs));
    const { hits } = await index.search("hotline", { prefix: false });
    assert.deepEqual(
      hits.map((h) => h.doc),
      [0, 1],
    );
    assert.ok(Math.abs(hits[1].score / hits[0].score - 0.35) < 1e-12);
  });

  test("the place the query names comes first; other places after the pages about it", async () => {
    const docs = [
      { title: "Hotline in Hà Nội", body: "Hà Nội hotline", type: "page" },
      { title: "Hà Nội", body: "Việt Nam", type: "locality" },
      { title: "Hà Nội office", body: "Hà Nội", type: "locality" },
    ];
    const { index } = await openTiny(build(docs));
    assert.deepEqual(await titles(index, "Hà Nội"), ["Hà Nội", "Hotline in Hà Nội", "Hà Nội office"]);
    assert.deepEqual(await titles(index, "ha noi"), ["Hà Nội", "Hotline in Hà Nội", "Hà Nội office"]); // typed without accents
  });

  test("typed with accents: pages with that exact form first; typed without: every form", async () => {
    const docs = [
      { title: "Chống mua bán người", body: "phòng chống", type: "page" },
      { title: "Lấy chồng nước ngoài", body: "kết hôn", type: "page" },
    ];
    const { index } = await openTiny(build(docs));
    assert.deepEqual(await titles(index, "chồng"), ["Lấy chồng nước ngoài", "Chống mua bán người"]);
    assert.deepEqual(await titles(index, "chống"), ["Chống mua bán người", "Lấy chồng nước ngoài"]);
    assert.equal((await titles(index, "chong")).length, 2);
  });

  test("question words are scored but not required", async () => {
    const docs = [
      { title: "Help for victims", body: "shelter and care", type: "page" },
      { title: "Contact", body: "what to do", type: "page" },
    ];
    const { index } = await openTiny(build(docs, { stem, optional: ["what", "do"] }), stem);
    assert.deepEqual(await titles(index, "what help"), ["Help for victims"]);
  });

  test("while typing, the last word also matches longer words, weighted down", async () => {
    const docs = [
      { title: "Trafficking", body: "human trafficking", type: "page" },
      { title: "Traffic", body: "road traffic", type: "page" },
      { title: "Tractors", body: "farm", type: "page" },
    ];
    const { index } = await openTiny(build(docs, { stem }), stem);
    assert.deepEqual(await titles(index, "traf", { prefix: true }), ["Trafficking", "Traffic"]);
    assert.deepEqual(await titles(index, "traf", { prefix: false }), []);
    // Typed in full, the word outranks what it may become.
    assert.deepEqual(await titles(index, "traffic", { prefix: true }), ["Traffic", "Trafficking"]);
    // A query ending in a letter is still being typed; one ending in a space is not.
    assert.equal((await index.search("traf")).total, 2);
    assert.equal((await index.search("traf ")).total, 0);
  });

  test("the same score breaks ties by document order", async () => {
    const docs = [
      { title: "Hotline", body: "a", type: "page" },
      { title: "Hotline", body: "b", type: "page" },
    ];
    const { index } = await openTiny(build(docs));
    const { hits } = await index.search("hotline", { prefix: false });
    assert.deepEqual(
      hits.map((h) => h.doc),
      [0, 1],
    );
    assert.equal(hits[0].score, hits[1].score);
  });
});

describe("aliases", () => {
  const aliases = { groups: [["ho chi minh", "hcm", "sai gon"]], renamed: [["ha giang", "tuyen quang"]] };
  const docs = [
    { title: "Hồ Chí Minh", body: "thành phố", type: "page" },
    { title: "Sài Gòn xưa", body: "ảnh cũ", type: "page" },
    { title: "Tuyên Quang", body: "tỉnh", type: "page" },
    { title: "Hà Nội", body: "thủ đô", type: "page" },
  ];

  test("a word of a group finds what the others name", async () => {
    const { index } = await openTiny(build(docs, { aliases }));
    assert.deepEqual(new Set(await titles(index, "HCM")), new Set(["Hồ Chí Minh", "Sài Gòn xưa"]));
    // The page whose whole title is what the alias means comes first (× 4 × 0.7).
    assert.equal((await titles(index, "HCM"))[0], "Hồ Chí Minh");
  });

  test("several words can be one alias, matched as a unit", async () => {
    const { index } = await openTiny(build(docs, { aliases }));
    // The page whose whole title is what the alias means first (× 4 × 0.7), as for one word.
    assert.deepEqual(await titles(index, "sài gòn"), ["Hồ Chí Minh", "Sài Gòn xưa"]);
    assert.deepEqual(await titles(index, "gòn"), ["Sài Gòn xưa"]); // one of its words is no alias
  });

  test("a former name finds what it became", async () => {
    const { index } = await openTiny(build(docs, { aliases }));
    assert.deepEqual(await titles(index, "Hà Giang"), ["Tuyên Quang"]);
  });

  test("the alternatives are returned with the words, for highlighting", async () => {
    const { index } = await openTiny(build(docs, { aliases }));
    const found = await index.search("hcm", { prefix: false });
    const keys = found.words.map((w) => w.key);
    assert.ok(
      ["hcm", "ho", "chi", "minh", "sai", "gon"].every((k) => keys.includes(k)),
      keys.join(" "),
    );
    const record = await index.record(found.hits[0].doc);
    assert.deepEqual(
      index.highlight(record.title, found.words).map((p) => [p.text, p.hit]),
      [
        ["Hồ", true],
        [" ", false],
        ["Chí", true],
        [" ", false],
        ["Minh", true],
      ],
    );
  });
});

describe("filters", () => {
  const docs = [
    { title: "Plan for Hà Nội hotline", body: "", type: "plan", place: "01" },
    { title: "National hotline plan", body: "", type: "plan", national: true },
    { title: "Hotline in Đà Nẵng", body: "", type: "plan", place: "48" },
    { title: "Hotline campaign Hà Nội", body: "", type: "campaign", place: "01" },
  ];

  test("by type", async () => {
    const { index } = await openTiny(build(docs));
    assert.deepEqual(await titles(index, "hotline", { type: "campaign" }), ["Hotline campaign Hà Nội"]);
  });

  test("by place: that place's pages and the national ones", async () => {
    const { index } = await openTiny(build(docs));
    assert.deepEqual(new Set(await titles(index, "hotline", { place: "01" })), new Set([docs[0].title, docs[1].title, docs[3].title]));
  });

  test("both: the pages in each", async () => {
    const { index } = await openTiny(build(docs));
    assert.deepEqual(new Set(await titles(index, "hotline", { type: "plan", place: "48" })), new Set([docs[1].title, docs[2].title]));
  });

  test("an unknown filter allows nothing", async () => {
    const { index } = await openTiny(build(docs));
    assert.deepEqual(await titles(index, "hotline", { type: "poster" }), []);
  });

  test("a filter's files load only when the filter is used", async () => {
    const { index, loaded } = await openTiny(build(docs));
    await index.search("hotline");
    assert.ok(!loaded.some((path) => path.startsWith("f/")), loaded.join(" "));
    await index.search("hotline", { type: "plan" });
    assert.ok(loaded.includes("f/0.json?v=test"), loaded.join(" "));
  });

  test("no words, no results and no files", async () => {
    const { index, loaded } = await openTiny(build(docs));
    assert.deepEqual(await index.search(" … ", { type: "plan" }), { total: 0, hits: [], words: [] });
    assert.deepEqual(loaded, ["manifest.json"]);
  });
});

describe("round trips", () => {
  /** The files of `files` with one term shard per key (in key order), as a large index has. */
  function oneShardPerKey(files) {
    const keys = Object.keys(files["t/0.json"]).sort();
    const out = { ...files, "d/0.json": keys.map((key, i) => [i ? key : "", `k${i}`]) };
    delete out["t/0.json"];
    keys.forEach((key, i) => {
      out[`t/k${i}.json`] = { [key]: files["t/0.json"][key] };
    });
    return out;
  }

  /** Run `ask(index)` answering the engine's requests in waves, all those it has made at once:
   *  the number of waves is the number of network round trips the query costs. */
  async function waves(files, ask) {
    const waiting = [];
    const load = (path) => new Promise((resolve) => waiting.push(() => resolve(structuredClone(files[path.split("?")[0]]))));
    let finished = false;
    let count = 0;
    const run = (async () => ask(await open(load)))().finally(() => {
      finished = true;
    });
    while (!finished) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (waiting.length) count += 1;
      for (const answer of waiting.splice(0)) answer();
    }
    return { found: await run, count };
  }

  test("a query of several words costs three round trips: manifest, shard table, all its shards", async () => {
    const docs = [
      { title: "Đường dây nóng", body: "gọi ngay khi nghi ngờ mua bán người", type: "page" },
      { title: "Hỗ trợ nạn nhân", body: "nơi ở an toàn và tư vấn", type: "page" },
      { title: "Tuyên truyền", body: "phòng chống mua bán người trong trường học", type: "page" },
    ];
    const files = oneShardPerKey(build(docs));
    const { found, count } = await waves(files, (index) => index.search("mua bán người trường học", { prefix: false }));
    assert.deepEqual(
      found.hits.map((h) => h.doc),
      [2],
    );
    assert.equal(count, 3);
  });
});
