// The editor's page: starts Decap with the configuration made from the schemas (config.py), reads
// and writes the content files (format "portal-markdown"), previews with the site's stylesheet, and
// asks the editor's server to check an item before Decap commits it, showing each problem next to
// its field in the editor's language. Everything it loads comes from the server that served it.
/* global CMS, jsyaml, createClass, h */
(async function start() {
  "use strict";

  const config = await (await fetch("editor/config.json" + location.search)).json();
  const lang = config.locale;
  const checks = config.portal_checks || "server"; // not a Decap setting: taken out before Decap reads the rest
  delete config.portal_checks;
  const localities = await (await fetch("editor/localities.json" + location.search)).json();
  const kinds = fieldKinds(config);
  useLocalityOptions(config.collections, localities);

  // --- Reading and writing files -------------------------------------------------------------
  // The site reads every front-matter value as text (the schema then checks it); Decap's widgets
  // want numbers and booleans, so those fields are converted by their widget. The file Decap
  // sends is YAML; the server merges it into the file on disk so only changed lines change.
  const format = {
    fromFile(text) {
      const match = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)([\s\S]*)$/.exec(text);
      if (!match) return { body: text };
      const front = jsyaml.safeLoad(match[1], { schema: jsyaml.FAILSAFE_SCHEMA }) || {};
      return Object.assign(convert(front, kinds), { body: match[2] });
    },
    toFile(data) {
      const front = Object.assign({}, data);
      const body = front.body || "";
      delete front.body;
      return "---\n" + jsyaml.safeDump(dropUndefined(front), { lineWidth: -1, noRefs: true }) + "---\n" + body;
    },
  };
  CMS.registerCustomFormat("portal-markdown", "md", format);

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
  CMS.registerEventListener({
    name: "preSave",
    handler: async ({ entry }) => {
      const files = filesOf(entry, config);
      if (checks === "ci") return undefined; // a published editor has no server: the repository's CI runs the checks
      const answer = await fetch("editor/validate", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ files }),
      });
      const result = await answer.json();
      const problems = result.problems || [];
      showProblems(problems, lang);
      if (result.error) throw new Error(result.error);
      if (problems.length) throw new Error(problems.map((p) => p.text[lang]).join("\n"));
      return undefined; // the data as it is
    },
  });

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

  function dropUndefined(value) {
    if (Array.isArray(value)) return value.map(dropUndefined);
    if (value && typeof value === "object") {
      const out = {};
      for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = dropUndefined(v);
      return out;
    }
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

  function filesOf(entry, cfg) {
    const collection = cfg.collections.find((c) => c.name === entry.get("collection"));
    const locales = cfg.i18n.locales;
    const vi = entry.get("data").toJS();
    const slug = entry.get("slug") || vi.slug;
    return locales.map((locale) => {
      const data = locale === cfg.i18n.default_locale ? vi : entry.getIn(["i18n", locale, "data"]);
      const plain = data && data.toJS ? data.toJS() : data || {};
      return { path: `${collection.folder}/${slug}.${locale}.md`, raw: format.toFile(plain) };
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
