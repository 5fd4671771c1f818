"""Decap CMS's configuration, made from the schemas: one folder collection per content type.

Every field of `fields_of(schema)` becomes a Decap field (nested groups as `object` or `list`
fields), with the widget its kind calls for, `required` as the schema says, the allowed values
of a choice, and the schema's help in the editor's language as the hint. Facts (`fact=True`)
are entered once, in Vietnamese: a fact Decap can duplicate (a single value at the top level)
is `i18n: duplicate`, so the English side shows it read-only; the others are copied from the
Vietnamese file by the save (`save.py`), so the two files cannot drift. References are never
typed: agencies and laws are chosen from the existing items (relation widgets), places from the
locality registry (a select whose options the page fills in from `/editor/localities.json`).

>>> config = decap_config("vi", "http://127.0.0.1:8081/api/v1")
>>> [c["name"] for c in config["collections"]]
['plan', 'campaign', 'hotline', 'agency', 'page', 'law']
>>> plan = config["collections"][0]
>>> plan["folder"], plan["i18n"], plan["format"], plan["slug"]
('content/plans', True, 'portal-markdown', '{{fields.slug}}')
>>> issued = next(f for f in plan["fields"] if f["name"] == "issued")
>>> issued["widget"], issued["required"], issued["i18n"]
('string', False, 'duplicate')
>>> issued["hint"]
'Ngày ban hành (YYYY-MM-DD). Giống nhau ở cả hai ngôn ngữ: nhập một lần, bằng tiếng Việt.'
>>> duty = next(f for f in plan["fields"] if f["name"] == "duties")
>>> [(f["name"], f["widget"]) for f in duty["fields"]]
[('agencies', 'relation'), ('tasks', 'list'), ('inferred', 'boolean'), ('note', 'text')]
"""

from __future__ import annotations

from typing import Any

from portal.content.fields import FieldDoc, fields_of
from portal.content.languages import LANGUAGES
from portal.content.schema import SCHEMAS, SECTIONS

from .rules import all_rules

FORMAT = "portal-markdown"  # registered by static/editor.js
LOCALITY_OPTIONS = "@localities"  # replaced in the page by the registry's options (one shared list)
# Fields whose value is the slug of another item: which collection it is chosen from.
REFERENCES = {
    "issuer": "agency",
    "parent": "agency",
    "agencies": "agency",
    "by": "agency",
    "to": "agency",
    "law": "law",
}
SET_BY_EDITOR = {"type", "lang"}  # written by the save from the collection and the file name
TEXT_AREAS = {"summary", "description", "note", "issuer_note", "implements", "budget", "reporting"}
PATTERNS = {
    "slug": r"^[a-z0-9]+(-[a-z0-9]+)*$",
    "url": r"^https?://\S+$",
    "tel": r"^tel:\+?[0-9]+$",
    "digits": r"^[0-9]+$",
    "date": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
}
PATTERN_HELP = {
    "slug": (
        "lower-case letters a-z, digits and hyphens, e.g. ke-hoach-12-2026",
        "chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ ke-hoach-12-2026",
    ),
    "url": ("a web address starting with https://", "địa chỉ web bắt đầu bằng https://"),
    "tel": ("tel: followed by the digits, e.g. tel:111", "tel: và các chữ số, ví dụ tel:111"),
    "digits": ("digits only", "chỉ gồm chữ số"),
    "date": ("a date written YYYY-MM-DD", "ngày viết dạng YYYY-MM-DD"),
}
WORDS: dict[str, Any] = {
    "fact": (
        "Same in both languages: entered once, in Vietnamese.",
        "Giống nhau ở cả hai ngôn ngữ: nhập một lần, bằng tiếng Việt.",
    ),
    "body": ("Page text", "Nội dung trang"),
    "body_hint": ("The page text in Markdown.", "Nội dung trang, viết bằng Markdown."),
    "type": {
        "plan": ("Plans", "Kế hoạch"),
        "campaign": ("Campaigns", "Chiến dịch"),
        "hotline": ("Hotlines", "Đường dây nóng"),
        "agency": ("Agencies", "Cơ quan"),
        "page": ("Guidance", "Hướng dẫn"),
        "law": ("Laws and decisions", "Văn bản pháp luật"),
    },
}


def _say(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "vi" else pair[0]


def decap_config(
    lang: str,
    api_url: str,
    *,
    branch: str = "main",
    site_url: str = "",
    backend: dict | None = None,
    publish_mode: str | None = None,
) -> dict[str, Any]:
    """The whole configuration for an editor shown in `lang`, saving through the proxy at `api_url`
    (local Git), or straight to a hosted Git service when `backend` is given (Decap's own settings:
    `{"name": "github", "repo": "owner/name", "branch": "main", "base_url": …}`).

    A hosted backend saves through Decap's editorial workflow unless `publish_mode` says otherwise:
    each item becomes a branch and a pull request, which the repository's CI (`invoke check`) must
    pass before it is merged; the page checks each field first (`portal_rules`, see rules.py), but
    only the full check sees across files. `portal_rules` is ours, not Decap's: the page takes it
    out."""
    return {
        "load_config_file": False,
        "locale": lang,
        "backend": dict(backend)
        if backend
        else {"name": "proxy", "proxy_url": api_url, "branch": branch},
        "media_folder": "content/media",  # the site has no images yet; Decap requires a folder
        "site_url": site_url,
        "publish_mode": publish_mode or ("editorial_workflow" if backend else "simple"),
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "i18n": {"structure": "multiple_files", "locales": list(LANGUAGES), "default_locale": "vi"},
        "collections": [collection(kind, lang) for kind in SCHEMAS],
        "portal_rules": all_rules(),
    }


def collection(kind: str, lang: str) -> dict[str, Any]:
    """A folder collection `content/<section>/<slug>.<lang>.md`, the names `invoke new` writes."""
    fields = fields_of(SCHEMAS[kind])
    top = [f for f in fields if len(f.path) == 1]
    return {
        "name": kind,
        "label": _say(WORDS["type"][kind], lang),
        "folder": f"content/{SECTIONS[kind]}",
        "extension": "md",
        "format": FORMAT,
        "create": True,
        "delete": False,
        "i18n": True,
        "identifier_field": "title",
        "slug": "{{fields.slug}}",
        "summary": "{{title}} ({{slug}})",
        "sortable_fields": ["title", "slug"],
        "fields": [field(f, fields, lang, kind) for f in top] + [_body(lang)],
    }


def field(doc: FieldDoc, every: list[FieldDoc], lang: str, kind: str) -> dict[str, Any]:
    """One Decap field for the schema field `doc` (with its own fields, for a group)."""
    out: dict[str, Any] = {
        "name": doc.name,
        "label": doc.name,
        "required": doc.required,
        "hint": _hint(doc, lang),
    }
    out["i18n"] = ("duplicate" if _duplicable(doc) else True) if doc.fact else True
    if (
        doc.name in SET_BY_EDITOR and len(doc.path) == 1
    ):  # `lang` only in the Vietnamese form: an English file without it is new (merge.js)
        return {
            **out,
            "widget": "hidden",
            "default": kind if doc.name == "type" else LANGUAGES[0],
            "required": False,
            "i18n": "duplicate" if doc.name == "type" else "none",
        }
    if doc.model is not None:
        children = [field(f, every, lang, kind) for f in every if f.path[:-1] == doc.path]
        if doc.is_list:
            return {
                **out,
                "widget": "list",
                "fields": children,
                "collapsed": False,
                "summary": "{{fields." + children[0]["name"] + "}}",
            }
        return {**out, "widget": "object", "fields": children}
    widget = _widget(doc, lang)
    if doc.is_list and widget["widget"] in ("relation", "select"):
        out |= {**widget, "multiple": True}
    elif doc.is_list:
        out |= {
            "widget": "list",
            "field": {"name": doc.name, "label": doc.name, "required": True, **widget},
        }
    else:
        out |= widget
    if (
        len(doc.path) > 1 and doc.fact
    ):  # entered in Vietnamese only: the English side may stay empty
        out["required"] = False
    if (
        doc.default not in (None, []) and not doc.is_list and len(doc.path) == 1
    ):  # (a default inside a list makes Decap start it with an item)
        out["default"] = doc.default
    return out


def _widget(doc: FieldDoc, lang: str) -> dict[str, Any]:
    """The widget and its settings for a single value of `doc`'s kind."""
    if doc.name in REFERENCES and doc.kind == "slug":
        target = REFERENCES[doc.name]
        return {
            "widget": "relation",
            "collection": target,
            "value_field": "{{slug}}",
            "search_fields": ["title", "slug"],
            "display_fields": ["title", "slug"],
            "options_length": 500,
        }
    if doc.kind == "locality":
        return {"widget": "select", "options": LOCALITY_OPTIONS}
    if doc.kind == "choice":
        return {"widget": "select", "options": [str(c) for c in doc.choices]}
    if doc.kind == "bool":
        return {"widget": "boolean"}
    if doc.kind in ("integer", "number"):
        return {"widget": "number", "value_type": "int" if doc.kind == "integer" else "float"}
    if doc.kind in PATTERNS:
        return {
            "widget": "string",
            "pattern": [PATTERNS[doc.kind], _say(PATTERN_HELP[doc.kind], lang)],
        }
    return {"widget": "text" if doc.name in TEXT_AREAS else "string"}


def _duplicable(doc: FieldDoc) -> bool:
    """Decap copies a top-level single value to the other language; lists and groups it cannot."""
    return not doc.is_list and doc.model is None


def _hint(doc: FieldDoc, lang: str) -> str:
    text = doc.help(lang)
    said_already = ("both languages", "cả hai ngôn ngữ")[lang == "vi"] in text
    return (
        f"{text} {_say(WORDS['fact'], lang)}"
        if doc.fact and doc.name not in SET_BY_EDITOR and not said_already
        else text
    )


def _body(lang: str) -> dict[str, Any]:
    return {
        "name": "body",
        "label": _say(WORDS["body"], lang),
        "hint": _say(WORDS["body_hint"], lang),
        "widget": "markdown",
        "modes": ["raw", "rich_text"],
        "i18n": True,
        "required": True,
    }


def locality_options(registry, lang: str) -> list[dict[str, str]]:
    """`{value, label}` for every unit of the registry, current units first, as Decap's select takes
    them."""
    units = sorted(
        registry.values(), key=lambda u: (not u.current, u.code != "VN", len(u.code), u.code)
    )
    former = ("former", "cũ")

    def label(u) -> str:
        parent = registry.get(u.parent) if u.parent and u.parent != "VN" else None
        return (
            f"{u.code} — {u.name(lang)}"
            + (f", {parent.name(lang)}" if parent else "")
            + ("" if u.current else f" ({_say(former, lang)})")
        )

    return [{"value": u.code, "label": label(u)} for u in units]


def covered_fields(config: dict[str, Any], kind: str) -> set[str]:
    """The schema-style labels (`targets[].value`) of every field the configuration has for
    `kind`."""
    coll = next(c for c in config["collections"] if c["name"] == kind)
    out: set[str] = set()

    def walk(fields, prefix):
        for f in fields:
            label = f"{prefix}{f['name']}"
            out.add(label)
            if "fields" in f:
                walk(f["fields"], label + ("[]." if f["widget"] == "list" else "."))

    walk(coll["fields"], "")
    return out - {"body"}
