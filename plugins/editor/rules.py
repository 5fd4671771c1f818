"""The schemas' per-field checks, as data the editor's page runs before a save (`static/rules.js`).

A hosted Git backend or a published editor has no server of ours to run `invoke check` before a
commit, so the page must refuse an invalid value itself, with the words `invoke check` would use.
Writing those rules a second time in JavaScript would let the two drift; instead `rules_of(schema)`
reads them from the same declarations the site validates with (`portal.content.schema`,
`portal.content.fields`): required, kind of value, allowed values, pattern, length, bounds,
finiteness, the date range and the model validators, plus the schema's fix and example for each
field. Two checks of a whole item (`portal.content.item_checks`) are repeated too: a date of
something done that lies after today, a hotline's number, display and `tel:` (with libphonenumber's
data for Viet Nam, exported by `phone_rules()`), and a campaign that ends before it starts. A
constraint it does not know raises `NotCarried`, so a rule added to a schema cannot silently stay
out of the browser; a model validator needs its JavaScript twin in `rules.js` (`MODEL_CHECKS`),
named here. The messages are the catalog's own (`portal.content.messages`), in both languages. The
same tree serves `static/merge.js` (field order, nested groups, facts), and `merge.py` accepts it in
place of a schema.

>>> plan = rules_of(SCHEMAS["plan"])
>>> issued = next(f for f in plan["fields"] if f["name"] == "issued")
>>> issued["kind"], issued["required"], issued["check"]
('date', False, {'first': '1945-01-01', 'last': '2100-12-31'})
>>> issued["fix"]["vi"]
'viết ngày dạng YYYY-MM-DD, ví dụ 2017-02-08'
>>> target = next(f for f in plan["fields"] if f["name"] == "targets")
>>> value = [(f["name"], f["check"]) for f in target["fields"] if f["name"] == "value"]
>>> target["validators"], value
(['share_over_100'], [('value', {'ge': 0, 'finite': True})])
"""

from __future__ import annotations

import typing
from typing import Any, Literal

import annotated_types
from phonenumbers import PhoneMetadata
from pydantic import AfterValidator, BaseModel, StringConstraints, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from portal.content.documents import PLACEHOLDER, _example_of, _fix_of, example_in_message
from portal.content.fields import _without_none, describe
from portal.content.messages import MESSAGES
from portal.content.phones import REGION, declared_short_numbers
from portal.content.schema import SCHEMAS
from portal.content.schema.common import FIRST_DAY, LAST_DAY, _in_range

# A model validator -> the catalog id of the error it raises; rules.js has a twin for each.
MODEL_CHECKS = {"_share_is_a_percentage": "share_over_100", "_ordered": "period_order"}
# The catalog's messages rules.js says (and the model checks' own, MODEL_CHECKS).
MESSAGE_IDS = [
    "field_label",
    "got",
    "missing_field",
    "placeholder",
    "fill_required",
    "fill_or_delete",
    "list_type",
    "too_short",
    "model_type",
    "string_type",
    "literal_error",
    "bool_parsing",
]
MESSAGE_IDS += [
    "phone_unknown",
    "phone_check_source",
    "phone_display_differs",
    "phone_write_display",
    "phone_tel_differs",
    "write_value",
    "ends_before_start",
    "swap_dates",
    "date_in_future",
    "date_past_only",
]
MESSAGE_IDS += [
    "int_parsing",
    "float_parsing",
    "finite_number",
    "greater_than_equal",
    "less_than_equal",
    "date_parsing",
    "date_range",
    "string_too_short",
    "string_pattern_mismatch",
]
# core.item_checks' checks of a whole item that rules.js repeats (ITEM_CHECKS there), by type.
ITEM_CHECKS = {kind: ["date_in_future"] for kind in SCHEMAS} | {
    "hotline": ["date_in_future", "phone"],
    "campaign": ["date_in_future", "ends_before_start"],
}
PAST_DATES = {
    "fields": ["verified", "issued", "adopted", "last_confirmed"],
    "group": "sources",
    "inside": "date",
}  # as core.item_checks.past_dates names them
PHONE_TYPES = (
    "premium_rate",
    "toll_free",
    "shared_cost",
    "voip",
    "personal_number",
    "pager",
    "uan",
    "voicemail",
    "fixed_line",
    "mobile",
)
STRING_KNOWN = {
    "pattern",
    "min_length",
    "strip_whitespace",
}  # the StringConstraints carried; any other set one is refused


class NotCarried(ValueError):
    """A schema rule the browser cannot run: give it a twin in rules.js, then carry it here."""


def rules_of(model: type[BaseModel]) -> dict[str, Any]:
    """`{"fields": [...], "validators": [...]}` for `model`, its groups nested, in declaration
    order."""
    return {
        "fields": [_field(name, info) for name, info in model.model_fields.items()],
        "validators": _validators(model),
    }


def all_rules() -> dict[str, Any]:
    """What the page needs: each type's rules, the catalog's messages, the placeholder word, and
    libphonenumber's data for Viet Nam with the declared short numbers (`portal.content.phones`)."""
    types = {
        kind: rules_of(schema) | {"items": ITEM_CHECKS.get(kind, [])}
        for kind, schema in SCHEMAS.items()
    }
    return {
        "types": types,
        "phone": phone_rules(),
        "past_dates": PAST_DATES,
        "messages": {k: list(MESSAGES[k]) for k in [*MESSAGE_IDS, *MODEL_CHECKS.values()]},
        "placeholder": PLACEHOLDER,
    }


def phone_rules() -> dict[str, Any]:
    """What `portal.content.phones.same_number` knows, as data: the short numbers in service
    (declared, or by libphonenumber's short-number patterns) and the patterns and formats of
    Vietnamese numbers."""
    short, full = (
        PhoneMetadata.short_metadata_for_region(REGION),
        PhoneMetadata.metadata_for_region(REGION),
    )
    assert short is not None and full is not None  # phonenumbers ships Viet Nam's metadata

    def desc(d) -> dict | None:
        return (
            {"pattern": d.national_number_pattern, "lengths": list(d.possible_length)}
            if d is not None and d.national_number_pattern
            else None
        )

    formats = full.intl_number_format or full.number_format
    return {
        "declared": sorted(declared_short_numbers()),
        "short": [desc(short.general_desc), desc(short.short_code)],
        "country": str(full.country_code),
        "prefix": full.national_prefix_for_parsing,
        "general": desc(full.general_desc),
        "types": [d for d in (desc(getattr(full, t)) for t in PHONE_TYPES) if d],
        "formats": [
            {
                "pattern": f.pattern,
                "format": (f.format or "").replace("\\", "$"),
                "leading": list(f.leading_digits_pattern),
            }
            for f in formats
        ],
    }


def _field(name: str, info: FieldInfo) -> dict[str, Any]:
    kind, is_list, choices, nested = describe(info.annotation, info.metadata)
    own, each = _constraints(info)
    out: dict[str, Any] = {
        "name": name,
        "kind": kind,
        "list": is_list,
        "required": info.is_required(),
        "fact": isinstance(info.json_schema_extra, dict)
        and bool(info.json_schema_extra.get("fact")),
    }
    out["fix"] = dict(zip(("en", "vi"), _fix_of(info), strict=True))
    out["missing_fix"] = _missing_fix(name, info)
    out["example"] = {"one": _example_of(info, (name,)), "item": _example_of(info, (name, 0))}
    out["check"] = _carry(each, kind)
    if is_list:
        out["min_items"] = _carry(own, "list").get("min_length", 0)
    elif own:
        out["check"] |= _carry(own, kind)
    if choices:
        out["choices"], out["expected"] = [str(c) for c in choices], _expected(choices)
    if nested is not None:
        out |= rules_of(nested)
    return out


def _validators(model: type[BaseModel]) -> list[str]:
    found = list(model.__pydantic_decorators__.model_validators) + list(
        model.__pydantic_decorators__.field_validators
    )
    unknown = [f for f in found if f not in MODEL_CHECKS]
    if unknown:
        raise NotCarried(
            f"{model.__name__}: validators {unknown} have no twin in rules.js (MODEL_CHECKS)"
        )
    return [MODEL_CHECKS[f] for f in found]


def _constraints(info: FieldInfo) -> tuple[list, list]:
    """(constraints on the value itself, constraints on each scalar: the value's, or each
    item's)."""
    own, annotation = list(info.metadata), _without_none(info.annotation)
    if typing.get_origin(annotation) is typing.Annotated:
        base, *meta = typing.get_args(annotation)
        own, annotation = own + meta, _without_none(base)
    if typing.get_origin(annotation) is not list:
        return [], own
    item = _without_none(typing.get_args(annotation)[0])
    return own, list(typing.get_args(item)[1:]) if typing.get_origin(
        item
    ) is typing.Annotated else []


def _carry(constraints: list, kind: str) -> dict[str, Any]:
    """The checks of `constraints` as rules.js names them; NotCarried for one it cannot run."""
    out: dict[str, Any] = {}
    for c in constraints:
        if isinstance(c, StringConstraints):
            set_ = {k for k, v in c.__dict__.items() if v is not None}
            if set_ - STRING_KNOWN:
                raise NotCarried(
                    f"string constraints {sorted(set_ - STRING_KNOWN)} "
                    "are not carried to the browser"
                )
            out |= {"pattern": c.pattern} if c.pattern else {}
            out |= {"min_length": c.min_length} if c.min_length else {}
            out |= {"strip": True} if c.strip_whitespace else {}
        elif isinstance(c, annotated_types.Ge):
            out["ge"] = c.ge
        elif isinstance(c, annotated_types.Le):
            out["le"] = c.le
        elif isinstance(c, annotated_types.MinLen):
            out["min_length"] = c.min_length
        elif type(c).__name__ == "AllowInfNan":
            out |= {"finite": not c.allow_inf_nan}
        elif isinstance(c, AfterValidator) and c.func is _in_range:
            out |= {"first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()}
        else:
            raise NotCarried(f"the constraint {c!r} ({kind}) is not carried to the browser")
    return out


def _expected(choices: tuple) -> str:
    """pydantic's own wording of the allowed values ("'a', 'b' or 'c'"), as `invoke check` shows
    it."""
    try:
        TypeAdapter(Literal[choices]).validate_python(object())  # type: ignore[arg-type]  # a Literal built at run time
    except ValidationError as exc:
        return exc.errors()[0]["ctx"]["expected"]
    raise AssertionError("unreachable")


def _missing_fix(name: str, info: FieldInfo) -> dict[str, str]:
    """The fix `invoke check` gives for a missing required field (its example as it quotes it)."""
    en, vi = MESSAGES["add_field_example"] if info.examples else MESSAGES["add_field"]
    example = example_in_message(info.examples[0]) if info.examples else ""
    return {
        "en": en.format(name=name, example=example),
        "vi": vi.format(name=name, example=example),
    }
