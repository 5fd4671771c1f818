// The editor's page: starts Decap with the configuration made from the schemas (config.py), reads
// and writes the content files (format "portal-markdown"), previews with the site's stylesheet, and
// checks an item before Decap commits it, showing each problem next to its field in the editor's
// language. Saves do not always pass through our server (a hosted Git backend, a published editor),
// so the page itself writes each file as a careful person would (merge.js: only changed lines
// change; a file whose values did not change is written back byte for byte, so Git records no
// change in it) and runs the schemas' per-field checks (rules.js); the local server then runs the
// whole of `invoke check` too, and on a hosted backend the pull request's CI does. Everything it
// loads comes from the server that served it.
/* global CMS, jsyaml, portalMerge, portalRules, createClass, h */
(async function start() {
  "use strict";

  const config = await (await fetch("editor/config.json" + location.search)).json();
  const lang = config.locale;
  const checks = config.portal_checks || "server"; // not Decap settings: taken out before Decap reads the rest
  const catalog = config.portal_rules;
  delete config.portal_checks;
  delete config.portal_rules;
  const defaultLocale = config.i18n.default_locale;
  const otherLocale = config.i18n.locales.find((l) => l !== defaultLocale);
  const originals = new Map(); // "type/slug.lang" -> the file's text as read, for merge.js
  const beingSaved = new Map(); // "type/slug" -> the Vietnamese values of the item being saved, for the English file's facts
  const localities = await (await fetch("editor/localities.json" + location.search)).json();
  const kinds = fieldKinds(config);
  useLocalityOptions(config.collections, localities);

  // --- Reading and writing files -------------------------------------------------------------
  // The site reads every front-matter value as text (the schema then checks it); Decap's widgets
  // want numbers and booleans, so those fields are converted by their widget. Writing, the values
  // go back to text and are merged into the file as it was read (merge.js), never dumped anew.
  const format = {
    fromFile(text) {
      let read;
      try {
        read = portalMerge.parseFront(text);
      } catch {
        return { body: text };
      }
      if (read.data.type && read.data.slug && read.data.lang) originals.set(fileKey(read.data), text);
      return Object.assign(convert(read.data, kinds), { body: read.body });
    },
    toFile(data) {
      return fileText(portalMerge.asText(data));
    },
  };
  CMS.registerCustomFormat("portal-markdown", "md", format);

  // The file for `values` (every scalar a string): its language and facts settled as save.py
  // settles them, merged into the text it had when read (written afresh when it is new).
  function fileText(values) {
    const front = settled(values);
    const body = front.body || "";
    delete front.body;
    const rules = catalog.types[front.type];
    if (!rules) return "---\n" + jsyaml.safeDump(front, { lineWidth: -1, noRefs: true }) + "---\n" + body;
    const key = fileKey(front);
    return portalMerge.write(originals.has(key) ? originals.get(key) : null, front, body, rules);
  }

  // `lang` is in the Vietnamese form only (config.py): a file without it is a new English one. An
  // English file takes its facts from the Vietnamese values being saved with it.
  function settled(values) {
    const front = Object.assign({}, values, { lang: values.lang || otherLocale });
    const vi = front.lang !== defaultLocale && beingSaved.get(`${front.type}/${front.slug}`);
    const rules = catalog.types[front.type];
    return vi && rules ? Object.assign(portalMerge.copyFacts(vi, front, rules), { body: front.body }) : front;
  }

  function fileKey(data) {
    return `${data.type}/${data.slug}.${data.lang}`;
  }

  // --- Preview with the site's own stylesheet ------------------------------------------------
  CMS.registerPreviewStyle(new URL("site/site.css", document.baseURI).href); // absolute: the preview is a frame of its own
  const Preview = createClass({
    render() {
      const data = this.props.entry.get("data");
      const text = (name) => (data.get(name) == null ? "" : String(data.get(name)));
      return h(
        "main",
        { className: "wrap", id: "main" },
        h(
          "article",
          { className: text("type") },
          h("h1", {}, text("title")),
          h("p", { className: "lead" }, text("summary")),
          this.props.widgetFor("body"),
        ),
      );
    },
  });
  for (const collection of config.collections) CMS.registerPreviewTemplate(collection.name, Preview);

  // --- The same checks as `invoke check`, before anything is committed ----------------------
  // First the schemas' per-field checks, here (rules.js); then, with the local server, the whole
  // of `invoke check` on the files as they would be written (checks across files included).
  CMS.registerEventListener({
    name: "preSave",
    handler: async ({ entry }) => {
      const files = filesOf(entry, config);
      const found = files.flatMap(browserProblems);
      showProblems(found, lang);
      if (found.length) throw new Error(found.map((p) => p.text[lang]).join("\n"));
      if (checks === "ci") return undefined; // a hosted backend: the pull request's CI runs `invoke check`
      const answer = await fetch("editor/validate", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ files: files.map(({ path, raw }) => ({ path, raw })) }),
      });
      const result = await answer.json();
      const problems = result.problems || [];
      showProblems(problems, lang);
      if (result.error) throw new Error(result.error);
      if (problems.length) throw new Error(problems.map((p) => p.text[lang]).join("\n"));
      return undefined; // the data as it is
    },
  });

  // The problems rules.js finds in one file, shaped as the server reports them.
  function browserProblems(file) {
    const rules = catalog.types[file.values.type];
    if (!rules) return [];
    const values = Object.assign({}, file.values);
    delete values.body;
    const label = catalog.messages.field_label;
    return portalRules.check(values, rules, catalog).map((p) => {
      const text = (l) => `${file.path}: ${label[l === "vi" ? 1 : 0]} '${p.field}': ${p.message[l]}` + (p.fix[l] ? ` — ${p.fix[l]}` : "");
      return Object.assign(p, { path: file.path, lang: file.lang, text: { en: text("en"), vi: text("vi") } });
    });
  }

  CMS.init({ config });

  // --- Helpers -------------------------------------------------------------------------------
  function fieldKinds(cfg) {
    const out = {};
    const walk = (fields) => {
      for (const f of fields || []) {
        if (f.widget === "number" || f.widget === "boolean") out[f.name] = f.widget;
        walk(f.fields);
        if (f.field) walk([f.field]);
      }
    };
    cfg.collections.forEach((c) => walk(c.fields));
    return out;
  }

  function convert(value, fieldKinds, name) {
    if (Array.isArray(value)) return value.map((v) => convert(v, fieldKinds, name));
    if (value && typeof value === "object") {
      const out = {};
      for (const [k, v] of Object.entries(value)) out[k] = convert(v, fieldKinds, k);
      return out;
    }
    if (value === "null" || value === "~") return null;
    if (fieldKinds[name] === "boolean") return value === "true" ? true : value === "false" ? false : value;
    if (fieldKinds[name] === "number" && value !== "" && !Number.isNaN(Number(value))) return Number(value);
    return value;
  }

  function useLocalityOptions(collections, options) {
    const walk = (fields) => {
      for (const f of fields || []) {
        if (f.options === "@localities") f.options = options;
        walk(f.fields);
      }
    };
    collections.forEach((c) => walk(c.fields));
  }

  // Each language's file of the entry being saved: its path, language, values (as the file will
  // hold them) and text. The Vietnamese values are noted first: the English file's facts follow them.
  function filesOf(entry, cfg) {
    const collection = cfg.collections.find((c) => c.name === entry.get("collection"));
    const vi = portalMerge.asText(entry.get("data").toJS());
    const slug = entry.get("slug") || vi.slug;
    return cfg.i18n.locales.map((locale) => {
      const data = locale === defaultLocale ? entry.get("data") : entry.getIn(["i18n", locale, "data"]);
      const plain = portalMerge.asText(data && data.toJS ? data.toJS() : data || {});
      const values = settled(Object.assign(plain, { lang: locale, type: plain.type || collection.name }));
      if (locale === defaultLocale) beingSaved.set(`${values.type}/${values.slug}`, values);
      return { path: `${collection.folder}/${slug}.${locale}.md`, lang: locale, values, raw: fileText(values) };
    });
  }

  function showProblems(problems, language) {
    document.querySelectorAll(".portal-problem").forEach((node) => node.remove());
    const list = document.getElementById("portal-problems");
    list.replaceChildren();
    list.hidden = problems.length === 0;
    if (!problems.length) return;
    const heading = document.createElement("p");
    heading.textContent = language === "vi" ? "Chưa lưu: hãy sửa các lỗi sau." : "Not saved: fix these problems first.";
    const items = document.createElement("ul");
    for (const p of problems) {
      const item = document.createElement("li");
      item.textContent = p.text[language];
      items.append(item);
      placeBesideField(p, language);
    }
    list.append(heading, items);
  }

  // The label of the field's control, in the pane of the problem's language (Vietnamese on the left).
  function placeBesideField(p, language) {
    const name = (p.field || "").split(/[.[]/)[0];
    if (!name) return;
    const labels = Array.from(document.querySelectorAll(`label[for^="${CSS.escape(name)}-field-"]`));
    const label = p.lang === "en" && labels.length > 1 ? labels[labels.length - 1] : labels[0];
    if (!label) return;
    const note = document.createElement("p");
    note.className = "portal-problem";
    note.setAttribute("role", "alert");
    note.dataset.field = p.field;
    const fix = p.fix[language] ? ` — ${p.fix[language]}` : "";
    note.textContent = `${p.field}: ${p.message[language]}${fix}`;
    label.after(note);
  }
})();
