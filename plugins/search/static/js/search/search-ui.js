// Search as you type, in the header box of every page and on the search page.
// Not part of a page's first load: site.js adds this module when a header box is first focused
// (the search page loads it at once), and a box typed in meanwhile is searched when it binds.
//
// The forms (themes/portal/templates/components/search.html) carry what this needs in data-
// attributes: the index folder, the engine and (English) stemmer addresses — content-hashed, so
// they are imported by address rather than by a relative import — and the translated labels.
// The engine (search.js) is fetched on the first keystroke, not with the page. All text from the
// index is inserted with textContent: a page title is never read as HTML.
const TYPES = ["plan", "campaign", "hotline", "agency", "page", "locality", "law", "calendar"];
const MIN_CHARS = 2; // as you type, a search starts from two characters: one letter matches too much and the results would jump
const HEADER_LIMIT = 5;
const PAGE_STEP = 10;
let enginePromise = null;

function engine(form) {
  if (!enginePromise) {
    const url = (name) => new URL(form.dataset[name], document.baseURI).href;
    const stemmer = form.dataset.stemmer ? import(url("stemmer")).then((m) => m.stem) : Promise.resolve(null);
    const base = new URL(form.dataset.index, document.baseURI);
    const load = (path) => fetch(new URL(path, base)).then((r) => (r.ok ? r.json() : Promise.reject(new Error(r.status))));
    enginePromise = Promise.all([import(url("engine")), stemmer]).then(([m, stem]) => m.open(load, stem));
    enginePromise.catch(() => (enginePromise = null));
  }
  return enginePromise;
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

function highlighted(tag, className, pieces) {
  const node = el(tag, className);
  for (const piece of pieces) node.append(piece.hit ? el("mark", "", piece.text) : piece.text);
  return node;
}

function formatDate(iso, lang) {
  const options = { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" };
  return new Date(`${iso}T00:00:00Z`).toLocaleDateString(lang === "vi" ? "vi-VN" : "en-GB", options);
}

function resultItem(form, index, record, words) {
  const item = el("li", "search-result");
  const link = el("a");
  link.href = form.dataset.site + record.url;
  link.append(highlighted("span", "result-title", index.highlight(record.title, words)));
  item.append(link);
  const types = form.dataset.types.split("|");
  const meta = [types[TYPES.indexOf(record.type)] || record.type, record.place, record.date && formatDate(record.date, form.dataset.lang)];
  item.append(el("span", "result-meta", meta.filter(Boolean).join(" · ")));
  const snippet = index.snippet(record, words);
  if (snippet.length) item.append(highlighted("p", "result-snippet", snippet));
  return item;
}

class SearchForm {
  constructor(form) {
    this.form = form;
    this.input = form.querySelector("input[type=search]");
    this.panel = form.querySelector(".search-panel");
    this.status = form.querySelector(".search-status");
    this.live = form.querySelector(".search-live"); // always in the page, so that the count is announced
    this.list = form.querySelector(".search-results");
    this.isPage = "page" in form.dataset;
    this.limit = this.isPage ? PAGE_STEP : HEADER_LIMIT;
    this.sequence = 0;
    this.timer = 0;
    this.bind();
  }

  bind() {
    this.input.addEventListener("input", () => this.later());
    for (const select of this.form.querySelectorAll("select")) select.addEventListener("change", () => this.run());
    this.form.addEventListener("keydown", (event) => this.key(event));
    if (this.isPage) {
      this.form.addEventListener("submit", (event) => {
        event.preventDefault();
        this.run();
      });
      this.fromAddress();
    } else {
      this.form.addEventListener("focusout", (event) => {
        if (!this.form.contains(event.relatedTarget)) this.close();
      });
      if (this.input.value) this.later(); // typed while this script was being fetched (site.js)
    }
  }

  fromAddress() {
    const params = new URLSearchParams(location.search);
    for (const name of ["q", "type", "place"]) {
      const field = this.form.elements[name];
      if (field && params.get(name)) field.value = params.get(name);
    }
    if (this.input.value) this.run();
  }

  later() {
    clearTimeout(this.timer);
    if (this.input.value.trim().length < MIN_CHARS) return this.close();
    this.timer = setTimeout(() => this.run(), 150);
  }

  async run(more = false) {
    const query = this.input.value;
    const sequence = ++this.sequence;
    if (!more) this.limit = this.isPage ? PAGE_STEP : HEADER_LIMIT;
    if (this.isPage) this.remember();
    if (!query.trim()) return this.close();
    const index = await engine(this.form);
    const options = { type: this.value("type"), place: this.value("place"), limit: this.limit };
    const found = await index.search(query, options);
    const records = await Promise.all(found.hits.map((hit) => index.record(hit.doc)));
    if (sequence !== this.sequence) return;
    const before = more ? this.list.querySelectorAll(".search-result").length : 0;
    this.show(index, found, records, query);
    // after "More results", the focus goes to the first new result rather than the page body
    if (more) this.list.querySelectorAll(".search-result a")[before]?.focus();
  }

  value(name) {
    const field = this.form.elements[name];
    return field ? field.value : "";
  }

  remember() {
    const params = new URLSearchParams();
    for (const name of ["q", "type", "place"]) if (this.value(name)) params.set(name, this.value(name));
    history.replaceState(null, "", params.toString() ? `?${params}` : location.pathname);
  }

  show(index, found, records, query) {
    this.list.replaceChildren(...records.filter(Boolean).map((record) => resultItem(this.form, index, record, found.words)));
    // data-count-one / data-count-other: the catalog's plural forms (ngettext) for 1 and for more.
    var counted = found.total === 1 ? this.form.dataset.countOne : this.form.dataset.countOther;
    this.status.textContent = found.total ? counted.replace("{n}", found.total) : this.form.dataset.none;
    this.live.textContent = this.status.textContent;
    if (found.total > found.hits.length) this.list.append(this.moreItem(query));
    this.panel.dataset.query = query; // what the results shown are for
    this.panel.hidden = false;
  }

  moreItem(query) {
    const item = el("li", "search-more");
    if (this.isPage) {
      const button = el("button", "", this.form.dataset.more);
      button.type = "button";
      button.addEventListener("click", () => {
        this.limit += PAGE_STEP;
        this.run(true);
      });
      item.append(button);
    } else {
      const link = el("a", "", this.form.dataset.all);
      link.href = `${this.form.action}?q=${encodeURIComponent(query)}`;
      item.append(link);
    }
    return item;
  }

  close() {
    this.panel.hidden = true;
    this.list.replaceChildren();
    this.status.textContent = "";
    this.live.textContent = "";
  }

  /** Arrow keys move between the box and the results; Escape closes the header's results. */
  key(event) {
    if (event.target !== this.input && !this.list.contains(event.target)) return;
    const links = [...this.list.querySelectorAll("a, button")];
    const at = links.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && links.length) {
      links[Math.min(at + 1, links.length - 1)].focus();
    } else if (event.key === "ArrowUp" && at >= 0) {
      (at === 0 ? this.input : links[at - 1]).focus();
    } else if (event.key === "Escape" && !this.isPage && !this.panel.hidden) {
      this.close();
      this.input.focus();
    } else {
      return;
    }
    event.preventDefault();
  }
}

for (const form of document.querySelectorAll("form[data-search]")) new SearchForm(form);
