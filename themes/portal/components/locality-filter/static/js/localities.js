// "Find help near you": filter place names as you type, without a server.
// Names are split into one small JSON file per first letter (see plugins/localities/names.py):
// the first keystroke fetches only that letter's file. Without JavaScript the page's plain
// lists of provinces (each listing its communes) do the same job. The matching is in
// localities-match.js, which the page loads first.
(() => {
  "use strict";
  const box = document.getElementById("locality-filter");
  const match = window.localitiesMatch;
  if (!box || !window.fetch || !match) return;
  const input = document.getElementById("locality-q");
  const list = document.getElementById("locality-results");
  const count = document.getElementById("locality-count");
  const base = box.getAttribute("data-names");
  const prefix = box.getAttribute("data-prefix");
  const lang = box.getAttribute("data-lang");
  const former = box.getAttribute("data-former");
  const province = box.getAttribute("data-province"); // on a province page: only its own places
  const became = box.getAttribute("data-became");
  const shards = {};
  let timer = null;
  box.hidden = false;

  function load(key) {
    if (!shards[key]) {
      shards[key] = fetch(`${base}${key}.json`)
        .then((r) => (r.ok ? r.json() : []))
        .catch(() => []);
    }
    return shards[key];
  }
  function show(rows, query) {
    list.textContent = "";
    const hits = match.find(rows, query, province, 30);
    hits.forEach((r) => {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = prefix + r[3];
      a.textContent = lang === "vi" ? r[1] : r[2];
      li.appendChild(a);
      const english = lang !== "vi";
      const extra = [english ? r[7] : r[4]];
      const successor = english ? r[8] : r[6];
      if (!r[5]) extra.push(successor ? became.replace("{name}", successor) : former);
      const span = document.createElement("span");
      span.className = "muted";
      span.textContent = ` · ${extra.filter(Boolean).join(" · ")}`;
      li.appendChild(span);
      list.appendChild(li);
    });
    const words = hits.length === 30 ? "data-count-more" : hits.length === 1 ? "data-count-one" : "data-count-other";
    count.textContent = box.getAttribute(words).replace("{n}", hits.length);
  }
  function update() {
    const query = match.bare(input.value);
    if (!query) {
      list.textContent = "";
      count.textContent = "";
      return;
    }
    load(match.shardKey(query)).then((rows) => {
      if (match.bare(input.value) === query) show(rows, query);
    });
  }
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(update, 120);
  });
})();
