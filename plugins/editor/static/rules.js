// The schemas' per-field checks in the browser, so a save that never reaches our server (a hosted
// Git backend, a published editor) still refuses what `invoke check` would refuse, with the same
// words. Nothing here names a field: the rules come from the schemas (rules.py, in the page's
// configuration), the messages from the catalog (portal.content.messages). test_editor.py runs these checks
// and the site's own validation on the same values and requires the same problems.
// `portalRules.check(data, typeRules, catalog)` takes the data as the file will hold it (every
// scalar a string: merge.js `asText`) and returns [{field, message: {en, vi}, fix: {en, vi}}].
(function (root) {
  "use strict";

  const PY_SPACE = "\\t\\n\\v\\f\\r \\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
  const TRIM = new RegExp(`^[${PY_SPACE}]+|[${PY_SPACE}]+$`, "g");
  const BOOL = /^(?:0|off|f|false|n|no|1|on|t|true|y|yes)$/i;
  const INTEGER = /^[+-]?\d(?:_?\d)*(?:\.0*)?$/;
  const NUMBER = /^[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?$/;
  const NOT_FINITE = /^[+-]?(?:inf|infinity|nan)$/i;
  const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
  const isEmpty = (v) =>
    v === null || v === undefined || v === "" || (Array.isArray(v) && !v.length) || (isObject(v) && !Object.keys(v).length);

  // The twins of the schemas' model validators (rules.py MODEL_CHECKS): true when the group is wrong.
  const MODEL_CHECKS = {
    share_over_100: (g) =>
      (g.unit === undefined || g.unit === "%") && g.relative_to === undefined && Number(g.value.replace(/_/g, "")) > 100,
    period_order: (g) => Number(g.end.replace(/_/g, "")) < Number(g.start.replace(/_/g, "")),
  };

  // The twins of portal.content.item_checks' checks of a whole item (rules.py ITEM_CHECKS), once its fields are sound.
  const ITEM_CHECKS = {
    date_in_future: (d, said, _phone, past) =>
      pastDates(d, past).flatMap(([loc, day]) =>
        day > today() ? [problem(loc, said("date_in_future", { date: day, today: today() }), said("date_past_only"))] : [],
      ),
    phone: (d, said, phone) => phoneProblems(d, said, phone),
    ends_before_start: (d, said) =>
      d.starts && d.ends && d.ends < d.starts
        ? [problem(["ends"], said("ends_before_start", { starts: d.starts, ends: d.ends }), said("swap_dates"))]
        : [],
  };

  function check(data, rules, catalog) {
    const said = sayer(catalog.messages);
    const out = [];
    checkGroup(data, rules, [], out, { said, placeholder: catalog.placeholder, fix: { en: "", vi: "" } });
    if (out.length) return out;
    return (rules.items || []).flatMap((name) => ITEM_CHECKS[name](data, said, catalog.phone, catalog.past_dates));
  }

  // portal.content.item_checks.past_dates, and the item's `reviewed`: dates of something already done.
  function pastDates(d, past) {
    const found = past.fields.filter((name) => d[name]).map((name) => [[name], d[name]]);
    (Array.isArray(d[past.group]) ? d[past.group] : []).forEach(
      (source, i) => source[past.inside] && found.push([[past.group, i, past.inside], source[past.inside]]),
    );
    return d.reviewed ? [...found, [["reviewed"], d.reviewed]] : found;
  }

  // The browser's day (portal.content.item_checks takes the build machine's).
  function today() {
    const now = new Date();
    return [now.getFullYear(), now.getMonth() + 1, now.getDate()].map((n) => String(n).padStart(2, "0")).join("-");
  }

  // portal.content.phones.hotline_problems: the number must be in service, the display and tel: must be it.
  function phoneProblems(d, said, phone) {
    const dialled = sameNumber(d.number, phone);
    if (dialled === null) return [problem(["number"], said("phone_unknown", { number: d.number }), said("phone_check_source"))];
    const out = [];
    if (sameNumber(d.display.replace(TRIM, ""), phone) !== dialled) {
      out.push(
        problem(
          ["display"],
          said("phone_display_differs", { display: d.display.replace(TRIM, ""), number: d.number }),
          said("phone_write_display", { example: readable(dialled, phone) }),
        ),
      );
    }
    if (sameNumber(d.tel.replace(/^tel:/, ""), phone) !== dialled) {
      out.push(
        problem(
          ["tel"],
          said("phone_tel_differs", { tel: d.tel, number: d.number }),
          said("write_value", { name: "tel", value: `tel:${dialled}` }),
        ),
      );
    }
    return out;
  }

  // portal.content.phones.same_number: the number `text` dials, as short digits or E.164, or null.
  function sameNumber(text, phone) {
    let compact = text.replace(/[\s.\-()]/g, "");
    if (!/^\+?[0-9]{3,15}$/.test(compact)) return null;
    if (!compact.startsWith("+") && compact.length <= 6)
      return phone.declared.includes(compact) || phone.short.every((desc) => matches(compact, desc)) ? compact : null;
    if (compact.startsWith(phone.country) && compact.length >= 10) compact = "+" + compact;
    if (compact.startsWith("+") && !compact.startsWith("+" + phone.country)) return null;
    let national = compact.startsWith("+") ? compact.slice(1 + phone.country.length) : compact;
    national = withoutPrefix(national, phone);
    const valid = matches(national, phone.general) && phone.types.some((desc) => matches(national, desc));
    return valid ? `+${phone.country}${national}` : null;
  }

  // libphonenumber strips the national prefix unless only the number with it is a number, or what is left cannot be one.
  function withoutPrefix(national, phone) {
    const found = new RegExp(`^(?:${phone.prefix})`).exec(national);
    if (!found) return national;
    const rest = national.slice(found[0].length);
    const pattern = (n) => new RegExp(`^(?:${phone.general.pattern})$`).test(n);
    if (pattern(national) && !pattern(rest)) return national;
    const lengths = phone.general.lengths;
    return lengths.includes(rest.length) || rest.length > Math.max(...lengths) ? rest : national;
  }

  function matches(national, desc) {
    if (!desc) return false;
    return (!desc.lengths.length || desc.lengths.includes(national.length)) && new RegExp(`^(?:${desc.pattern})$`).test(national);
  }

  // libphonenumber's international format of a dialled number (short numbers as they are).
  function readable(dialled, phone) {
    if (!dialled.startsWith("+")) return dialled;
    const national = dialled.slice(1 + phone.country.length);
    const format = phone.formats.find(
      (f) =>
        (!f.leading.length || new RegExp(`^(?:${f.leading[f.leading.length - 1]})`).test(national)) &&
        new RegExp(`^(?:${f.pattern})$`).test(national),
    );
    return `+${phone.country} ` + (format ? national.replace(new RegExp(`^(?:${format.pattern})$`), format.format) : national);
  }

  function sayer(messages) {
    const fill = (text, args, lang) =>
      text.replace(/\{(\w+)\}/g, (_, k) => (typeof args[k] === "object" ? args[k][lang] : String(args[k])));
    return (id, args = {}) => ({ en: fill(messages[id][0], args, "en"), vi: fill(messages[id][1], args, "vi") });
  }

  // Every field of a group, then the group's own validators when its fields are sound.
  function checkGroup(group, rules, loc, out, ctx) {
    const before = out.length;
    for (const f of rules.fields) checkField(group[f.name], f, loc, out, ctx);
    if (out.length !== before) return;
    for (const name of rules.validators || []) {
      if (MODEL_CHECKS[name](group)) out.push(problem(loc, ctx.said(name), ctx.fix));
    }
  }

  function checkField(value, f, loc, out, ctx) {
    const here = [...loc, f.name];
    if (isEmpty(value)) {
      if (f.required) out.push(problem(loc.length ? loc : here, ctx.said("missing_field", { name: f.name }), f.missing_fix));
      return;
    }
    if (value === ctx.placeholder) return out.push(placeholder(here, f, "one", ctx));
    if (f.list && !Array.isArray(value)) return out.push(problem(here, got(ctx.said("list_type"), value, ctx), f.fix));
    if (f.list && value.length < f.min_items)
      return out.push(problem(here, got(ctx.said("too_short", { min_length: f.min_items }), value, ctx), f.fix));
    const items = f.list ? value.map((v, i) => [v, [...here, i]]) : [[value, here]];
    for (const [v, at] of items) {
      if (v === ctx.placeholder) out.push(placeholder(at, f, "item", ctx));
      else if (f.fields && !isObject(v)) out.push(problem(at, got(ctx.said("model_type"), v, ctx), f.fix));
      else if (f.fields) checkGroup(v, f, at, out, { ...ctx, fix: f.fix });
      else checkScalar(v, f, at, out, ctx);
    }
  }

  function placeholder(at, f, which, ctx) {
    return problem(at, ctx.said("placeholder"), ctx.said(f.required ? "fill_required" : "fill_or_delete", { example: f.example[which] }));
  }

  function checkScalar(value, f, at, out, ctx) {
    const wrong = typeof value === "string" ? expected(value, f, ctx.said) : ctx.said("string_type");
    if (wrong) out.push(problem(at, got(wrong, value, ctx), f.fix));
  }

  // What the field expects, when `value` is not it (null when it is).
  function expected(value, f, said) {
    const c = f.check || {};
    if (f.kind === "choice")
      return f.choices.includes(value)
        ? null
        : { en: `expected ${f.expected}`, vi: said("literal_error", { expected: f.expected.replaceAll(" or ", " hoặc ") }).vi };
    if (f.kind === "bool") return BOOL.test(value) ? null : said("bool_parsing");
    if (f.kind === "integer")
      return INTEGER.test(value.replace(TRIM, ""))
        ? bounds(Number(value.replace(TRIM, "").replace(/_/g, "")), c, said)
        : said("int_parsing");
    if (f.kind === "number") return number(value.replace(TRIM, ""), c, said);
    if (f.kind === "date") return date(value, c, said);
    const text = c.strip ? value.replace(TRIM, "") : value;
    if (c.min_length && [...text].length < c.min_length) return said("string_too_short", { min_length: c.min_length });
    if (c.pattern && !new RegExp(c.pattern, "u").test(text)) return said("string_pattern_mismatch");
    return null;
  }

  function number(text, c, said) {
    if (NOT_FINITE.test(text)) return c.finite ? said("finite_number") : null;
    if (!NUMBER.test(text)) return said("float_parsing");
    const n = Number(text.replace(/_/g, ""));
    return c.finite && !Number.isFinite(n) ? said("finite_number") : bounds(n, c, said);
  }

  function bounds(n, c, said) {
    if (c.ge !== undefined && !(n >= c.ge)) return said("greater_than_equal", { ge: c.ge });
    if (c.le !== undefined && !(n <= c.le)) return said("less_than_equal", { le: c.le });
    return null;
  }

  // A day that exists, written YYYY-MM-DD, inside the schema's range.
  function date(text, c, said) {
    const found = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    const day = found && new Date(Date.UTC(Number(found[1]), Number(found[2]) - 1, Number(found[3])));
    if (!found || found[1] === "0000" || day.toISOString().slice(0, 10) !== text) return said("date_parsing");
    if (c.first && (text < c.first || text > c.last)) return said("date_range", { first: c.first, last: c.last });
    return null;
  }

  function got(message, value, ctx) {
    return ctx.said("got", { expected: message, value: shown(value) });
  }

  // The value as `invoke check` quotes it: text in double quotes, anything else as Python prints it.
  function shown(value) {
    const py = (v) =>
      Array.isArray(v)
        ? `[${v.map(py).join(", ")}]`
        : isObject(v)
          ? `{${Object.entries(v)
              .map(([k, x]) => `${py(k)}: ${py(x)}`)
              .join(", ")}}`
          : `'${v}'`;
    return typeof value === "string" ? `"${value}"` : py(value).slice(0, 60);
  }

  function problem(loc, message, fix) {
    return { field: dotted(loc), message, fix: fix || { en: "", vi: "" } };
  }

  // ["targets", 2, "value"] -> "targets[2].value"
  function dotted(loc) {
    return loc.reduce((out, part) => (typeof part === "number" ? `${out}[${part}]` : out ? `${out}.${part}` : part), "");
  }

  root.portalRules = { check, dotted, sameNumber };
})(typeof window !== "undefined" ? window : globalThis);
