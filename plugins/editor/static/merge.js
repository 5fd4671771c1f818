// merge.py in JavaScript: write new front-matter values into a file the way a careful person
// would. Saves through a hosted Git backend, or from a published editor, never reach our server,
// so the page itself must keep every unchanged line byte for byte (comments, quoting, place) and
// rewrite only the changed fields (in a list, only the changed items). Keep it equal to merge.py,
// function for function: test_editor.py runs both on the same cases and compares what they write.
// `model` is a type's rules tree (rules.py: fields in the schema's order, groups nested, facts).
/* global jsyaml */
(function (root) {
  "use strict";

  const FENCE = "---";
  const KEY_LINE = /^([^\s#-][^:]*):(\s|$)/;
  const PY_SPACE = "\\t\\n\\v\\f\\r \\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"; // Python's str.isspace()
  const PY_EDGE_SPACE = new RegExp(`^[${PY_SPACE}]|[${PY_SPACE}]$`);

  const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
  const isEmpty = (v) =>
    v === null || v === undefined || v === "" || (Array.isArray(v) && !v.length) || (isObject(v) && !Object.keys(v).length);
  const stripNewlines = (s) => s.replace(/^\n+|\n+$/g, "");
  const spaces = (line) => line.length - line.replace(/^ +/, "").length;
  const leading = (line) => line.length - line.trimStart().length;

  // What a save writes (merge.py `write`).
  function write(oldText, data, body, model) {
    data = ordered(data, model);
    let text = merge(oldText, data, body, model);
    if (oldText != null && !same(readBack(text), data)) text = merge(null, data, body, model);
    return text;
  }

  function readBack(text) {
    try {
      return parseFront(text).data;
    } catch {
      return null;
    }
  }

  // `data` with its fields, and those of its groups, in the order the schema declares them.
  function ordered(data, model) {
    const order = orderOf(model);
    const out = {};
    for (const k of order) if (k in data) out[k] = data[k];
    for (const [k, v] of Object.entries(data)) if (!order.includes(k)) out[k] = v;
    for (const [key, value] of Object.entries(out)) {
      const nested = nestedOf(model, key);
      if (nested && isObject(value)) out[key] = ordered(value, nested);
      else if (nested && Array.isArray(value)) out[key] = value.map((v) => (isObject(v) ? ordered(v, nested) : v));
    }
    return out;
  }

  function orderOf(model) {
    if (!model) return [];
    return Array.isArray(model) ? model : model.fields.map((f) => f.name);
  }

  function nestedOf(model, key) {
    if (!model || Array.isArray(model)) return null;
    return model.fields.find((f) => f.name === key && f.fields) || null;
  }

  // The file with `data` (every scalar a string) as its front matter and `body` below it.
  function merge(oldText, data, body, model) {
    const order = orderOf(model);
    if (oldText == null) {
      const lines = order.filter((k) => !isEmpty(data[k])).flatMap((k) => emit(k, data[k]));
      const extra = Object.entries(data)
        .filter(([k, v]) => !order.includes(k) && !isEmpty(v))
        .flatMap(([k, v]) => emit(k, v));
      return [FENCE, ...lines, ...extra, FENCE, ""].join("\n") + "\n" + stripNewlines(body) + "\n";
    }
    const old = parseFront(oldText);
    const all = oldText.split("\n");
    let end = 1;
    while (all[end].trim() !== FENCE) end += 1;
    const front = mergeMapping(all.slice(1, end), 0, old.data, data, model);
    const oldBody = all.slice(end + 1).join("\n");
    const newBody = stripNewlines(body) === stripNewlines(oldBody) ? oldBody : "\n" + stripNewlines(body) + "\n";
    return [FENCE, ...front, FENCE, newBody].join("\n");
  }

  // The lines of a mapping written at `indent`, each unchanged field's lines kept as they are.
  function mergeMapping(lines, indent, old, data, model) {
    const order = orderOf(model);
    const [blocks, trailing] = blocksOf(lines, indent);
    const seen = new Set(blocks.map((b) => b[0]));
    const out = [];
    for (const [key, prefix, own] of blocks) {
      out.push(...prefix);
      const value = data[key];
      if (isEmpty(value)) {
        if (isEmpty(old[key])) out.push(...own);
        continue; // emptied in the form: the field's lines go
      }
      out.push(...(same(old[key], value) ? own : changed(key, old[key], value, own, indent, nestedOf(model, key))));
      for (const k of insertedAfter(key, order, data, seen)) out.push(...emit(k, data[k], indent));
    }
    const head = insertedAfter(null, order, data, seen).flatMap((k) => emit(k, data[k], indent));
    const unknown = Object.entries(data)
      .filter(([k, v]) => !seen.has(k) && !order.includes(k) && !isEmpty(v))
      .flatMap(([k, v]) => emit(k, v, indent));
    return [...head, ...out, ...unknown, ...trailing];
  }

  // New fields (not in the old file) the schema declares right after `key` (null: before every old field).
  function insertedAfter(key, order, data, seen) {
    if (key !== null && !order.includes(key)) return [];
    const out = [];
    for (const name of order.slice(key !== null ? order.indexOf(key) + 1 : 0)) {
      if (seen.has(name)) break;
      if (!isEmpty(data[name])) {
        out.push(name);
        seen.add(name);
      }
    }
    return out;
  }

  // [key, blank and comment lines above it, its own lines] for each field at `indent`; the lines after the last.
  function blocksOf(lines, indent) {
    const blocks = [];
    let pending = [];
    for (const line of lines) {
      const depth = spaces(line);
      const match = depth === indent ? KEY_LINE.exec(line.slice(indent)) : null;
      const rest = line.slice(indent);
      if (match) {
        blocks.push([match[1].trim(), pending, [line]]);
        pending = [];
      } else if (
        blocks.length &&
        line.trim() &&
        (depth > indent || rest.startsWith("- ") || rest === "-") &&
        !line.trimStart().startsWith("#")
      ) {
        blocks[blocks.length - 1][2].push(...pending, line); // blank lines inside a value stay with it
        pending = [];
      } else {
        pending.push(line);
      }
    }
    return [blocks, pending];
  }

  // A changed field: a list keeps each unchanged item's lines, a group each unchanged field's lines.
  function changed(key, old, value, lines, indent, model) {
    if (isObject(old) && isObject(value) && lines[0].trimEnd().endsWith(":"))
      return [lines[0], ...mergeMapping(lines.slice(1), indent + 2, old, value, model)];
    if (!(Array.isArray(old) && Array.isArray(value)) || !old.length) return emit(key, value, indent);
    const items = itemsOf(lines.slice(1));
    if (items.length !== old.length) return emit(key, value, indent); // flow style or a layout we cannot cut into items safely
    const out = [lines[0]];
    value.forEach((v, i) => {
      if (i < old.length && same(old[i], v)) out.push(...items[i]);
      else if (i < old.length && isObject(old[i]) && isObject(v) && items[i][0].trimStart().startsWith("- ") && items[i][0].includes(":"))
        out.push(...mergeItem(items[i], old[i], v, model));
      else out.push(...item(v, indent + 2));
    });
    return out;
  }

  // A changed `- key: value` item of a list: merged as the mapping it is, then given its dash back.
  function mergeItem(lines, old, value, model) {
    const dash = spaces(lines[0]);
    const asMapping = [lines[0].slice(0, dash) + "  " + lines[0].slice(dash + 2), ...lines.slice(1)];
    const merged = mergeMapping(asMapping, dash + 2, old, value, model);
    const first = merged.findIndex((line) => line.trim() && !line.trimStart().startsWith("#"));
    merged[first] = merged[first].slice(0, dash) + "- " + merged[first].slice(dash + 2);
    return merged;
  }

  // The lines of each `- ` item of a block list.
  function itemsOf(lines) {
    let starts = [];
    lines.forEach((line, i) => {
      if (line.trimStart().startsWith("- ") || line.trim() === "-") starts.push(i);
    });
    if (!starts.length) return [];
    const indent = leading(lines[starts[0]]);
    starts = starts.filter((i) => leading(lines[i]) === indent);
    if (starts[0] !== 0) return [];
    return starts.map((a, j) => lines.slice(a, j + 1 < starts.length ? starts[j + 1] : lines.length));
  }

  // Equal as the site reads them: strings compared as written, numbers by value.
  function same(old, value) {
    if (isEmpty(old) && isEmpty(value)) return true;
    if (isObject(old) && isObject(value)) {
      const keys = new Set([...Object.keys(old), ...Object.keys(value)]);
      return [...keys].filter((k) => !(isEmpty(old[k]) && isEmpty(value[k]))).every((k) => same(old[k], value[k]));
    }
    if (Array.isArray(old) && Array.isArray(value)) return old.length === value.length && old.every((a, i) => same(a, value[i]));
    if (typeof old === "string" && typeof value === "string") {
      if (old === value) return true;
      const a = pyFloat(old);
      const b = pyFloat(value);
      return a !== null && b !== null && a === b;
    }
    return old === value;
  }

  // Python's float(text), or null where it raises ValueError.
  function pyFloat(text) {
    const t = text.replace(new RegExp(`^[${PY_SPACE}]+|[${PY_SPACE}]+$`, "g"), "");
    const digits = "\\d(?:_?\\d)*";
    const decimal = new RegExp(`^[+-]?(?:${digits}(?:\\.(?:${digits})?)?|\\.${digits})(?:[eE][+-]?${digits})?$`);
    if (decimal.test(t)) return Number(t.replace(/_/g, ""));
    if (/^[+-]?(?:inf|infinity)$/i.test(t)) return t.startsWith("-") ? -Infinity : Infinity;
    if (/^[+-]?nan$/i.test(t)) return NaN;
    return null;
  }

  // `key: value` as block YAML, in the style of the shipped content (two-space indents, `- ` items).
  function emit(key, value, indent = 0) {
    const pad = " ".repeat(indent);
    if (Array.isArray(value)) {
      if (!value.length) return [`${pad}${key}: []`];
      return [`${pad}${key}:`, ...value.flatMap((v) => item(v, indent + 2))];
    }
    if (isObject(value)) {
      return [
        `${pad}${key}:`,
        ...Object.entries(value)
          .filter(([, v]) => !isEmpty(v))
          .flatMap(([k, v]) => emit(k, v, indent + 2)),
      ];
    }
    return [`${pad}${key}: ${scalar(value)}`];
  }

  function item(value, indent) {
    const pad = " ".repeat(indent);
    if (isObject(value)) {
      const lines = Object.entries(value)
        .filter(([, v]) => !isEmpty(v))
        .flatMap(([k, v]) => emit(k, v, indent + 2));
      return lines.length ? [`${pad}- ${lines[0].trimStart()}`, ...lines.slice(1)] : [`${pad}- {}`];
    }
    if (Array.isArray(value)) return [`${pad}-`, ...value.flatMap((v) => item(v, indent + 2))];
    return [`${pad}- ${scalar(value)}`];
  }

  // A scalar as the site's reader will read it back unchanged: plain where YAML allows, else double-quoted.
  function scalar(value) {
    if (value === null || value === undefined) return "null";
    if (typeof value === "boolean") return value ? "true" : "false";
    const text = String(value);
    return readsBackPlain(text) ? text : JSON.stringify(text);
  }

  function readsBackPlain(text) {
    if (
      !text ||
      PY_EDGE_SPACE.test(text) ||
      /[\n\r\x85\u2028\u2029]/.test(text) ||
      text === "null" ||
      text === "~" ||
      /^0[0-9]+$/.test(text)
    )
      return false;
    let read;
    try {
      read = jsyaml.safeLoad(`k: ${text}`, { schema: jsyaml.FAILSAFE_SCHEMA });
    } catch {
      return false;
    }
    if (!isObject(read) || Object.keys(read).length !== 1 || read.k !== text) return false;
    return yaml11Plain(text); // and other YAML readers take it for a plain value too
  }

  // What PyYAML's safe_load (YAML 1.1) would refuse or read as nothing: null words, '=' and '<<'
  // (tags of their own), timestamps of days that do not exist, 0b/0x with no digits; and its line
  // breaks (\r, \x85, \u2028, \u2029) inside a value.
  function yaml11Plain(text) {
    if (/^(?:~|null|Null|NULL|=|<<)$/.test(text)) return false;
    if (/^[-+]?0b_+$|^[-+]?0x_+$/.test(text)) return false;
    const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    const stamp = /^(\d{4})-(\d\d?)-(\d\d?)(?:[Tt]|[ \t]+)(\d\d?):(\d\d):(\d\d)(?:\.\d*)?(?:[ \t]*(?:Z|[-+]\d\d?(?::\d\d)?))?$/.exec(text);
    const found = date || stamp;
    if (!found) return true;
    const [y, m, d] = found.slice(1, 4).map(Number);
    const day = new Date(Date.UTC(2000, m - 1, d));
    const real =
      y >= 1 &&
      m >= 1 &&
      m <= 12 &&
      d >= 1 &&
      day.getUTCDate() === d &&
      (m !== 2 || d !== 29 || (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)));
    return real && (!stamp || (Number(stamp[4]) < 24 && Number(stamp[5]) < 60 && Number(stamp[6]) < 60));
  }

  // portal.content.frontmatter's split_and_parse, for the data: every scalar a string, except a plain
  // empty, ~ or null, which is nothing (null), as there.
  let frontSchema = null;
  function parseFront(text) {
    const lines = text.split("\n");
    if (lines[0].trim() !== FENCE) throw new Error("the file does not start with '---'");
    const end = lines.findIndex((line, i) => i > 0 && line.trim() === FENCE);
    if (end < 0) throw new Error("the metadata block is not closed");
    frontSchema = frontSchema || readingSchema();
    const data = jsyaml.safeLoad(lines.slice(1, end).join("\n"), { schema: frontSchema });
    if (!isObject(data)) throw new Error("the metadata is not a list of 'field: value' lines");
    return { data, body: lines.slice(end + 1).join("\n") };
  }

  function readingSchema() {
    const nothing = new jsyaml.Type("tag:yaml.org,2002:null", {
      kind: "scalar",
      resolve: (d) => d === null || d === "" || d === "~" || d === "null",
      construct: () => null,
    });
    return new jsyaml.Schema({ include: [jsyaml.FAILSAFE_SCHEMA], implicit: [nothing] });
  }

  // The values of the form as the site will read them from the file: every scalar a string
  // (numbers and booleans as written), composed Unicode (NFC), nothing for an empty value.
  function asText(value) {
    if (Array.isArray(value)) return value.map(asText).filter((v) => v !== undefined);
    if (isObject(value)) {
      const out = {};
      for (const [k, v] of Object.entries(value)) if (asText(v) !== undefined) out[k] = asText(v);
      return out;
    }
    if (value === null || value === undefined) return undefined;
    return String(value).normalize("NFC");
  }

  // save.py `copy_facts`: `en` with every fact of `model` taken from `vi` (in groups, item by item).
  function copyFacts(vi, en, model) {
    en = Object.assign({}, en);
    for (const f of model.fields) {
      if (f.name === "type" || f.name === "lang") continue;
      const mine = vi[f.name];
      if (f.fields && f.list && Array.isArray(mine)) {
        const theirs = Array.isArray(en[f.name]) ? en[f.name] : [];
        const items = mine
          .map((v, i) => [v, i])
          .filter(([v]) => isObject(v))
          .map(([v, i]) => copyFacts(v, isObject(theirs[i]) ? theirs[i] : {}, f));
        en[f.name] = [...items, ...theirs.slice(items.length)];
      } else if (f.fields && isObject(mine)) {
        en[f.name] = copyFacts(mine, isObject(en[f.name]) ? en[f.name] : {}, f);
      } else if (f.fact && f.name in vi) {
        en[f.name] = JSON.parse(JSON.stringify(mine));
      } else if (f.fact) {
        delete en[f.name];
      }
    }
    const names = model.fields.map((f) => f.name);
    const out = {};
    for (const k of names) if (k in en) out[k] = en[k];
    for (const [k, v] of Object.entries(en)) if (!names.includes(k)) out[k] = v;
    return out;
  }

  root.portalMerge = { write, merge, ordered, same, emit, scalar, parseFront, asText, copyFacts };
})(typeof window !== "undefined" ? window : globalThis);
