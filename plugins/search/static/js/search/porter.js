// Porter stemmer: an exact port of whoosh.lang.porter.stem (whoosh/lang/porter.py),
// so that the browser stems query words the way the Python indexer stemmed the pages.
// Quirks of the original are kept on purpose: "Y" marks a leading y as a consonant, and
// two rules in step 1b test the whole word (Python re.match anchors at the start).
// Regexes use the "u" flag so they see code points, like Python. Identical output for any
// string without "\n" (Python's "$" also matches before a final newline; tokens have none).

const STEP2 = {
  ational: "ate", tional: "tion", enci: "ence", anci: "ance", izer: "ize", bli: "ble",
  alli: "al", entli: "ent", eli: "e", ousli: "ous", ization: "ize", ation: "ate",
  ator: "ate", alism: "al", iveness: "ive", fulness: "ful", ousness: "ous", aliti: "al",
  iviti: "ive", biliti: "ble", logi: "log",
};
const STEP3 = { icate: "ic", ative: "", alize: "al", iciti: "ic", ical: "ic", ful: "", ness: "" };

const C = "[^aeiouy]+"; // consonant run
const V = "[aeiou]+"; // vowel run
const MGR0 = new RegExp(`^(${C})?${V}${C}`, "u"); // measure > 0
const MEQ1 = new RegExp(`^(${C})?${V}${C}(${V})?$`, "u"); // measure == 1
const MGR1 = new RegExp(`^(${C})?${V}${C}${V}${C}`, "u"); // measure > 1
const S_V = new RegExp(`^(${C})?[aeiouy]`, "u"); // vowel in stem
const C_V = new RegExp(`^${C}[aeiouy][^aeiouwxy]$`, "u"); // consonant-vowel-consonant word

const ED_ING = /^(.*)(ed|ing)$/su;
const AT_BL_IZ = /^(at|bl|iz)$/u;
const DOUBLE = /^([^aeiouylsz])\1$/u;
const STEP2_RE = new RegExp(`^(.+?)(${Object.keys(STEP2).join("|")})$`, "su");
const STEP3_RE = new RegExp(`^(.+?)(${Object.keys(STEP3).join("|")})$`, "su");
const STEP4_1 = /^(.+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous|ive|ize)$/su;
const STEP4_2 = /^(.+?)(s|t)(ion)$/su;
const STEP5 = /^(.+?)e$/su;

function step1a(w) {
  if (!w.endsWith("s")) return w;
  if (w.endsWith("sses") || w.endsWith("ies")) return w.slice(0, -2);
  return w.endsWith("ss") ? w : w.slice(0, -1);
}

function step1b(w) {
  if (w.endsWith("eed")) return MGR0.test(w.slice(0, -3)) ? w.slice(0, -1) : w;
  const m = ED_ING.exec(w);
  if (!m || !S_V.test(m[1])) return w;
  w = m[1];
  if (AT_BL_IZ.test(w)) return w + "e";
  const double = DOUBLE.exec(w);
  if (double) return double[1];
  return C_V.test(w) ? w + "e" : w;
}

function step1c(w) {
  const stem = w.slice(0, -1);
  return w.endsWith("y") && S_V.test(stem) ? stem + "i" : w;
}

// Steps 2 and 3: replace a suffix from the table when the stem has measure > 0.
function replaceSuffix(w, re, table) {
  const m = re.exec(w);
  return m && MGR0.test(m[1]) ? m[1] + table[m[2]] : w;
}

function step4(w) {
  let m = STEP4_1.exec(w);
  if (m) return MGR1.test(m[1]) ? m[1] : w;
  m = STEP4_2.exec(w);
  return m && MGR1.test(m[1] + m[2]) ? m[1] + m[2] : w;
}

function step5(w) {
  const m = STEP5.exec(w);
  if (m && (MGR1.test(m[1]) || (MEQ1.test(m[1]) && !C_V.test(m[1])))) w = m[1];
  return w.endsWith("ll") && MGR1.test(w) ? w.slice(0, -1) : w;
}

export function stem(word) {
  if (Array.from(word).length < 3) return word;
  const firstIsY = word[0] === "y";
  let w = firstIsY ? "Y" + word.slice(1) : word;
  w = step1c(step1b(step1a(w)));
  w = replaceSuffix(w, STEP2_RE, STEP2);
  w = replaceSuffix(w, STEP3_RE, STEP3);
  w = step5(step4(w));
  return firstIsY ? "y" + w.slice(1) : w;
}
