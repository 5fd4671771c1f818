// The place-name filter's matching, without the page: localities.js (loaded after this file)
// does the typing, fetching and showing; tests/js/ test this part under Node.
// The folding and type words are those of plugins/core/text_fold.py and
// plugins/localities/names.py, which wrote the folded names this is matched against.
((root) => {
  "use strict";
  const TYPE_WORDS = ["thanh pho", "thi xa", "thi tran", "dac khu", "phuong", "xa", "quan", "huyen", "tinh"];

  // đ → d, strip marks, lower case, single spaces.
  const fold = (text) =>
    text
      .replace(/đ/g, "d")
      .replace(/Đ/g, "D")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/\s+/g, " ")
      .trim();

  // Folded, without a leading type word: "Phường Cầu Giấy" → "cau giay".
  const bare = (text) => {
    const folded = fold(text);
    const word = TYPE_WORDS.find((w) => folded.startsWith(`${w} `));
    return word ? folded.slice(word.length + 1) : folded;
  };

  // The name file that holds what a bare query can match: its first letter, or "0".
  const shardKey = (query) => (/[a-z]/.test(query[0]) ? query[0] : "0");

  // The records (see names.py) with a word of the folded name starting with the bare query, in
  // their order, at most `limit`; on a province's page (`province`, its Vietnamese name) its own only.
  const find = (rows, query, province, limit) =>
    rows.filter((r) => (!province || r[4] === province) && (r[0].startsWith(query) || r[0].includes(` ${query}`))).slice(0, limit);

  root.localitiesMatch = { TYPE_WORDS, fold, bare, shardKey, find };
})(typeof window === "undefined" ? globalThis : window);
