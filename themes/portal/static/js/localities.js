// "Find help near you": filter place names as you type, without a server.
// Names are split into one small JSON file per first letter (see plugins/localities/names.py):
// the first keystroke fetches only that letter's file. Without JavaScript the page's plain
// lists of provinces (each listing its communes) do the same job.
(function () {
  "use strict";
  var box = document.getElementById("locality-filter");
  if (!box || !window.fetch) return;
  var input = document.getElementById("locality-q");
  var list = document.getElementById("locality-results");
  var count = document.getElementById("locality-count");
  var base = box.getAttribute("data-names");
  var prefix = box.getAttribute("data-prefix");
  var lang = box.getAttribute("data-lang");
  var former = box.getAttribute("data-former");
  var province = box.getAttribute("data-province"); // on a province page: only its own places
  var became = box.getAttribute("data-became");
  var TYPE_WORDS = ["thanh pho", "thi xa", "thi tran", "dac khu", "phuong", "xa", "quan", "huyen", "tinh"];
  var shards = {};
  var timer = null;
  box.hidden = false;

  // The same folding as plugins/core/text_fold.py: đ → d, strip marks, lower case, single spaces.
  function fold(text) {
    return text.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .toLowerCase().replace(/\s+/g, " ").trim();
  }
  function bare(text) {
    var folded = fold(text);
    for (var i = 0; i < TYPE_WORDS.length; i++) {
      if (folded.indexOf(TYPE_WORDS[i] + " ") === 0) return folded.slice(TYPE_WORDS[i].length + 1);
    }
    return folded;
  }
  function load(key) {
    if (!shards[key]) {
      shards[key] = fetch(base + key + ".json").then(function (r) { return r.ok ? r.json() : []; }).catch(function () { return []; });
    }
    return shards[key];
  }
  function show(rows, query) {
    list.textContent = "";
    var hits = rows.filter(function (r) { return (!province || r[4] === province) && (r[0].indexOf(query) === 0 || r[0].indexOf(" " + query) >= 0); }).slice(0, 30);
    hits.forEach(function (r) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = prefix + r[3];
      a.textContent = lang === "vi" ? r[1] : r[2];
      li.appendChild(a);
      var english = lang !== "vi";
      var extra = [english ? r[7] : r[4]];
      var successor = english ? r[8] : r[6];
      if (!r[5]) extra.push(successor ? became.replace("{name}", successor) : former);
      var span = document.createElement("span");
      span.className = "muted";
      span.textContent = " · " + extra.filter(Boolean).join(" · ");
      li.appendChild(span);
      list.appendChild(li);
    });
    var words = hits.length === 30 ? "data-count-more" : hits.length === 1 ? "data-count-one" : "data-count-other";
    count.textContent = box.getAttribute(words).replace("{n}", hits.length);
  }
  function update() {
    var query = bare(input.value);
    if (!query) { list.textContent = ""; count.textContent = ""; return; }
    var key = /[a-z]/.test(query[0]) ? query[0] : "0";
    load(key).then(function (rows) { if (bare(input.value) === query) show(rows, query); });
  }
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(update, 120);
  });
})();
