// The place-name filter's matching (static/js/localities-match.js), without a page:
// what a reader types is folded and stripped of a type word as plugins/localities/names.py did
// to the names it wrote, so that "ha noi" finds "Hà Nội". The page itself is tested in
// tests/browser/test_locality_filter.py.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import "./static/js/localities-match.js"; // a classic script: it sets a global

const { fold, bare, shardKey, find, TYPE_WORDS } = globalThis.localitiesMatch;

// [name, fold(name), bare(name), shard_key(name)] from portal/content/text_fold.py and names.py.
const PYTHON = [
  ["Thành phố Hà Nội", "thanh pho ha noi", "ha noi", "h"],
  ["Phường Hà Đông", "phuong ha dong", "ha dong", "h"],
  ["Xã Hoà Bình", "xa hoa binh", "hoa binh", "h"],
  ["Phường Cầu Giấy", "phuong cau giay", "cau giay", "c"],
  ["Tỉnh Thừa Thiên Huế", "tinh thua thien hue", "thua thien hue", "t"],
  ["Thị xã Tĩnh Gia", "thi xa tinh gia", "tinh gia", "t"],
  ["Đặc khu Phú Quốc", "dac khu phu quoc", "phu quoc", "p"],
  ["Xã Nội Bài", "xa noi bai", "noi bai", "n"],
  ["Phường Hoàn Kiếm", "phuong hoan kiem", "hoan kiem", "h"],
  ["Thị trấn Đông Anh", "thi tran dong anh", "dong anh", "d"],
  ["  ĐỒNG   THÁP ", "dong thap", "dong thap", "d"],
  ["Xuân Thủy", "xuan thuy", "xuan thuy", "x"],
];

// Records as names.py writes them: [bare name, Vietnamese name, English name, path, province,
// current, became, province (English), became (English)].
const row = (name, english, path, province = "", current = 1, became = "") => [
  bare(name),
  name,
  english,
  path,
  province,
  current,
  became,
  "",
  "",
];
const ROWS = [
  row("Thành phố Hà Nội", "Ha Noi City", "dia-phuong/ha-noi/"),
  row("Phường Hà Đông", "Ha Dong Ward", "dia-phuong/ha-noi/ha-dong/", "Thành phố Hà Nội"),
  row("Xã Nội Bài", "Noi Bai Commune", "dia-phuong/ha-noi/noi-bai/", "Thành phố Hà Nội"),
  row("Phường Hoàn Kiếm", "Hoan Kiem Ward", "dia-phuong/ha-noi/hoan-kiem/", "Thành phố Hà Nội"),
  row("Xã Hoà Bình", "Hoa Binh Commune", "dia-phuong/thai-nguyen/hoa-binh/", "Tỉnh Thái Nguyên"),
  row("Tỉnh Hà Giang", "Ha Giang Province", "dia-phuong/ha-giang/", "", 0, "Tỉnh Tuyên Quang"),
];
const names = (rows) => rows.map((r) => r[1]);

describe("folding, as portal/content/text_fold.py folds", () => {
  test("the same as Python for sample names", () => {
    for (const [name, folded, bared, key] of PYTHON) {
      assert.equal(fold(name), folded, `fold(${JSON.stringify(name)})`);
      assert.equal(bare(name), bared, `bare(${JSON.stringify(name)})`);
      assert.equal(shardKey(bare(name)), key, `shardKey(bare(${JSON.stringify(name)}))`);
    }
  });

  test("decomposed marks and the two tone placements fold alike", () => {
    assert.equal(fold("Hà Nội".normalize("NFD")), "ha noi");
    assert.equal(fold("Hoà Bình"), fold("Hòa Bình"));
    assert.equal(fold("Đắk Lắk"), "dak lak");
  });

  test("a type word is only stripped at the start and as a whole word", () => {
    assert.equal(bare("phường"), "phuong"); // the type word alone: nothing to strip it from
    assert.equal(bare("Xanh"), "xanh");
    assert.equal(bare("Hà Nội thành phố"), "ha noi thanh pho");
    assert.equal(bare("thanh pho ha noi"), "ha noi"); // typed without accents
    assert.deepEqual(TYPE_WORDS.slice(0, 3), ["thanh pho", "thi xa", "thi tran"]); // longest first
  });

  test("names starting with a digit or nothing share one file", () => {
    assert.equal(shardKey("1"), "0");
    assert.equal(shardKey("a"), "a");
  });
});

describe("finding places", () => {
  test('"ha noi" finds "Hà Nội", with or without accents and type word', () => {
    for (const typed of ["ha noi", "Hà Nội", "HA NOI", "thành phố hà nội", "Thanh pho Ha Noi", "  ha   noi "]) {
      assert.deepEqual(names(find(ROWS, bare(typed), "", 30)), ["Thành phố Hà Nội"], typed);
    }
  });

  test("a query matches the start of any word of the name", () => {
    assert.deepEqual(names(find(ROWS, bare("ha"), "", 30)), ["Thành phố Hà Nội", "Phường Hà Đông", "Tỉnh Hà Giang"]);
    assert.deepEqual(names(find(ROWS, bare("noi"), "", 30)), ["Thành phố Hà Nội", "Xã Nội Bài"]);
    assert.deepEqual(names(find(ROWS, bare("hoa"), "", 30)), ["Phường Hoàn Kiếm", "Xã Hoà Bình"]);
    assert.deepEqual(names(find(ROWS, bare("hòa bình"), "", 30)), ["Xã Hoà Bình"]);
  });

  test("the middle of a word is no match", () => {
    assert.deepEqual(find(ROWS, bare("oi"), "", 30), []);
    assert.deepEqual(find(ROWS, bare("a noi"), "", 30), []);
  });

  test("on a province's page only that province's places", () => {
    assert.deepEqual(names(find(ROWS, bare("ha"), "Thành phố Hà Nội", 30)), ["Phường Hà Đông"]);
    assert.deepEqual(find(ROWS, bare("hoa binh"), "Thành phố Hà Nội", 30), []);
  });

  test("former units are found too (the page says what they became)", () => {
    const [found] = find(ROWS, bare("Hà Giang"), "", 30);
    assert.deepEqual([found[5], found[6]], [0, "Tỉnh Tuyên Quang"]);
  });

  test("at most `limit` places, in the file's order", () => {
    assert.deepEqual(names(find(ROWS, bare("ha"), "", 2)), ["Thành phố Hà Nội", "Phường Hà Đông"]);
  });
});
