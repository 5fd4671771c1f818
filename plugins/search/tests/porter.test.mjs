// The Porter stemmer of the browser (plugins/search/static/js/search/porter.js) on known pairs.
// plugins/search/tests/test_search_porter.py compares it with whoosh's over every word of the corpus; these are
// the examples of Porter's paper (1980) and of its reference vocabulary, as whoosh stems them.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { stem } from "../static/js/search/porter.js";

const check = (pairs) => {
  for (const [word, expected] of pairs) assert.equal(stem(word), expected, `stem(${JSON.stringify(word)})`);
};

describe("Porter stemmer", () => {
  test("step 1a: plurals", () => {
    check([
      ["caresses", "caress"],
      ["ponies", "poni"],
      ["ties", "ti"],
      ["caress", "caress"],
      ["cats", "cat"],
    ]);
  });

  test("step 1b: -eed, -ed, -ing", () => {
    check([
      ["feed", "feed"],
      ["agreed", "agre"],
      ["plastered", "plaster"],
      ["bled", "bled"],
      ["motoring", "motor"],
      ["sing", "sing"],
      ["conflated", "conflat"],
      ["troubled", "troubl"],
      ["sized", "size"],
      ["falling", "fall"],
      ["hissing", "hiss"],
      ["fizzed", "fizz"],
      ["failing", "fail"],
      ["filing", "file"],
    ]);
  });

  test("step 1c: y → i after a vowel in the stem", () => {
    check([
      ["happy", "happi"],
      ["sky", "sky"],
    ]);
  });

  test("steps 2 and 3: double and single suffixes", () => {
    check([
      ["relational", "relat"],
      ["conditional", "condit"],
      ["rational", "ration"],
      ["valenci", "valenc"],
      ["hesitanci", "hesit"],
      ["digitizer", "digit"],
      ["conformabli", "conform"],
      ["radicalli", "radic"],
      ["differentli", "differ"],
      ["vileli", "vile"],
      ["analogousli", "analog"],
      ["vietnamization", "vietnam"],
      ["predication", "predic"],
      ["operator", "oper"],
      ["feudalism", "feudal"],
      ["decisiveness", "decis"],
      ["hopefulness", "hope"],
      ["callousness", "callous"],
      ["formaliti", "formal"],
      ["sensitiviti", "sensit"],
      ["sensibiliti", "sensibl"],
      ["triplicate", "triplic"],
      ["formative", "form"],
      ["formalize", "formal"],
      ["electriciti", "electr"],
      ["electrical", "electr"],
      ["hopeful", "hope"],
      ["goodness", "good"],
    ]);
  });

  test("steps 4 and 5: -al, -ance, -ment …, a final e, a double l", () => {
    check([
      ["revival", "reviv"],
      ["allowance", "allow"],
      ["inference", "infer"],
      ["airliner", "airlin"],
      ["adjustable", "adjust"],
      ["defensible", "defens"],
      ["irritant", "irrit"],
      ["replacement", "replac"],
      ["adjustment", "adjust"],
      ["dependent", "depend"],
      ["adoption", "adopt"],
      ["homologou", "homolog"],
      ["communism", "commun"],
      ["activate", "activ"],
      ["angulariti", "angular"],
      ["homologous", "homolog"],
      ["effective", "effect"],
      ["bowdlerize", "bowdler"],
      ["probate", "probat"],
      ["rate", "rate"],
      ["cease", "ceas"],
      ["controll", "control"],
      ["roll", "roll"],
    ]);
  });

  test("words of this site", () => {
    check([
      ["trafficking", "traffick"],
      ["trafficked", "traffick"],
      ["generalizations", "gener"],
      ["oscillators", "oscil"],
    ]);
  });

  test("whoosh's quirks, kept on purpose so that query words meet the indexed ones", () => {
    // Porter's paper gives hop, tan and gyroscop: whoosh's step 1b looks for a double consonant
    // in the whole word, and its measure counts a y after a consonant as no vowel.
    check([
      ["hopping", "hopp"],
      ["tanned", "tann"],
      ["gyroscopic", "gyroscopic"],
    ]);
    // A leading y is a consonant.
    check([
      ["yelling", "yell"],
      ["youth", "youth"],
      ["yes", "ye"],
    ]);
  });

  test("words of fewer than three letters stay as they are", () => {
    check([
      ["is", "is"],
      ["as", "as"],
      ["by", "by"],
      ["", ""],
    ]);
  });

  test("folded Vietnamese words pass through unharmed", () => {
    check([
      ["nguoi", "nguoi"],
      ["duong", "duong"],
    ]);
  });
});
