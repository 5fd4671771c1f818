"""The fields of a content type, read from its schema, for the scaffolding and the content guide.

`fields_of(model)` walks the pydantic model in declaration order, nested groups included
(`targets[].value`), and gives for each field what an officer needs: its meaning in both
languages, an example, whether it is required, its allowed values and the kind of value.

>>> from portal.content.schema import SCHEMAS
>>> fields = [f for f in fields_of(SCHEMAS["plan"]) if f.path[0] in ("status", "targets")]
>>> for f in fields:
...     print(f.label, f.kind, f.required)
status choice False
targets group False
targets[].description text True
targets[].comparison choice False
targets[].value number True
targets[].unit choice False
targets[].relative_to text False
>>> [f.choices for f in fields_of(SCHEMAS["plan"]) if f.label == "status"]
[('active', 'ended', 'unknown')]
>>> yaml_value([">=", "x"]), yaml_value(">="), yaml_value(True), yaml_value("Kế hoạch 24")
("['>=', x]", "'>='", 'true', 'Kế hoạch 24')
"""

from __future__ import annotations

import datetime
import types
import typing
from dataclasses import dataclass
from typing import Any, Literal

import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic.json_schema import JsonDict
from pydantic_core import PydanticUndefined

from .schema.common import LocalityCode

PATTERN_KINDS = {
    r"^[a-z0-9]+(-[a-z0-9]+)*$": "slug",
    r"^https?://\S+$": "url",
    r"^tel:\+?[0-9]+$": "tel",
    r"^[0-9]+$": "digits",
}
SCALAR_KINDS = {datetime.date: "date", bool: "bool", int: "integer", float: "number", str: "text"}
KIND_NAMES = {
    "text": ("text", "văn bản"),
    "slug": ("slug (a-z, 0-9 and -)", "slug (a-z, 0-9 và -)"),
    "url": ("web address (https://…)", "địa chỉ web (https://…)"),
    "tel": ("tel: and digits", "tel: và chữ số"),
    "digits": ("digits", "chữ số"),
    "locality": ("locality code", "mã địa bàn"),
    "date": ("date YYYY-MM-DD", "ngày YYYY-MM-DD"),
    "bool": ("true or false", "true hoặc false"),
    "integer": ("whole number", "số nguyên"),
    "number": ("number", "số"),
    "choice": ("one of the allowed values", "một trong các giá trị cho phép"),
    "group": ("group of fields", "nhóm trường"),
}
LIST_OF = ("list of {}", "danh sách {}")
LIST_NAMES = {
    "choice": ("list of allowed values", "danh sách giá trị cho phép"),
    "group": ("list of groups of fields", "danh sách các nhóm trường"),
}


@dataclass(frozen=True)
class FieldDoc:
    path: tuple[str, ...]  # field names from the top: ("targets", "value")
    label: str  # as the guide names it: "targets[].value"
    info: FieldInfo
    kind: str  # a key of KIND_NAMES
    is_list: bool
    choices: tuple  # the allowed values of a Literal
    model: type[BaseModel] | None  # the nested group, for kind "group"

    @property
    def name(self) -> str:
        return self.path[-1]

    @property
    def required(self) -> bool:
        return self.info.is_required()

    @property
    def fact(self) -> bool:
        return bool(self._extra.get("fact"))

    @property
    def example(self) -> Any:
        return self.info.examples[0] if self.info.examples else None

    @property
    def default(self) -> Any:
        return None if self.info.default is PydanticUndefined else self.info.default

    def help(self, lang: str) -> str:
        return (
            str(self._extra.get("description_vi", ""))
            if lang == "vi"
            else (self.info.description or "")
        )

    @property
    def _extra(self) -> JsonDict:
        """What `spec()` declared beside pydantic's own attributes."""
        extra = self.info.json_schema_extra
        return extra if isinstance(extra, dict) else {}

    def kind_name(self, lang: str) -> str:
        vi = lang == "vi"
        if not self.is_list:
            return KIND_NAMES[self.kind][vi]
        return (
            LIST_NAMES[self.kind][vi]
            if self.kind in LIST_NAMES
            else LIST_OF[vi].format(KIND_NAMES[self.kind][vi])
        )


def fields_of(
    model: type[BaseModel], path: tuple[str, ...] = (), label: str = ""
) -> list[FieldDoc]:
    """Every field of `model`, each nested group followed by its own fields."""
    out = []
    for name, info in model.model_fields.items():
        kind, is_list, choices, nested = describe(info.annotation, info.metadata)
        here = f"{label}.{name}" if label else name
        out.append(FieldDoc((*path, name), here, info, kind, is_list, choices, nested))
        if nested is not None:
            out += fields_of(nested, (*path, name), here + ("[]" if is_list else ""))
    return out


def describe(annotation, metadata=()) -> tuple[str, bool, tuple, type[BaseModel] | None]:
    """(kind, is a list, allowed values, nested model) of a type annotation (pydantic keeps a
    top-level `Annotated`'s constraints apart, in `metadata`)."""
    annotation = _without_none(annotation)
    if any(getattr(m, "pattern", None) for m in metadata):
        annotation = typing.Annotated[annotation, *metadata]
    if typing.get_origin(annotation) is list:
        kind, _, choices, nested = describe(typing.get_args(annotation)[0])
        return kind, True, choices, nested
    if typing.get_origin(annotation) is Literal:
        return "choice", False, typing.get_args(annotation), None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "group", False, (), annotation
    if annotation == LocalityCode:
        return "locality", False, (), None
    if typing.get_origin(annotation) is typing.Annotated:
        base, *meta = typing.get_args(annotation)
        pattern = next((m.pattern for m in meta if getattr(m, "pattern", None)), "")
        return PATTERN_KINDS.get(pattern, SCALAR_KINDS.get(base, "text")), False, (), None
    return SCALAR_KINDS.get(annotation, "text"), False, (), None


def _without_none(annotation):
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return args[0] if len(args) == 1 else annotation
    return annotation


def yaml_value(value: Any) -> str:
    """`value` as it is written after `field: ` in YAML (lists in [a, b] form)."""
    text = yaml.safe_dump(
        value, allow_unicode=True, default_flow_style=True, width=10**6, sort_keys=False
    ).strip()
    return text.removesuffix("...").strip()


def example_text(value: Any) -> str:
    """An example as an officer types it: text as it is, anything else in YAML form."""
    return value if isinstance(value, str) else yaml_value(value)
