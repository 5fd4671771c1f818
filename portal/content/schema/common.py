"""Building blocks shared by the content schemas.

Each field is declared once with `spec()`: its English and Vietnamese help, an example, and
whether it is a *fact* (a number, date, code or reference that must be identical in the
Vietnamese and English files) or translatable text. Validation, `invoke new` scaffolding and
the content guide all read these declarations; nothing else describes the fields.
"""

from __future__ import annotations

import datetime
import functools
import sys
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints
from pydantic.json_schema import JsonDict
from pydantic_core import PydanticCustomError

REQUIRED: Any = ...

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
# checked against the registry
LocalityCode = Annotated[str, StringConstraints(min_length=2, strip_whitespace=True)]
Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
Lang = Literal["vi", "en"]
# as the years of plans and campaigns
FIRST_DAY, LAST_DAY = datetime.date(1945, 1, 1), datetime.date(2100, 12, 31)


def _in_range(value: datetime.date) -> datetime.date:
    """A year such as 9999 is a typo, and breaks the date arithmetic of the calendar and feeds."""
    if not FIRST_DAY <= value <= LAST_DAY:
        # "date_range" is an id in core.messages
        raise PydanticCustomError(
            "date_range",
            "expected a date between {first} and {last}",
            {"first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()},
        )
    return value


Date = Annotated[datetime.date, AfterValidator(_in_range)]


def spec(
    default: Any = REQUIRED,
    *,
    en: str,
    vi: str,
    example: Any = None,
    fact: bool = False,
    fix: str = "",
    fix_vi: str = "",
    **kw,
) -> Any:
    """A pydantic Field carrying the bilingual help the guide and scaffolding print, and how to fix
    a wrong value."""
    extra: JsonDict = {"description_vi": vi, "fact": fact}
    if fix:
        extra["fix"] = fix
        extra["fix_vi"] = fix_vi or fix
    examples = [example] if example is not None else None
    return Field(default, description=en, examples=examples, json_schema_extra=extra, **kw)


# The names of the fields a file gave, one set per model and nested model (pydantic's
# `__pydantic_fields_set__`): 181,000 sets, 150 MB, for the 20,000 pages of the benchmark's 10x
# fixture. Models are frozen, so pydantic never changes that set in place (a copy of a model gets
# a copy of it): models given the same names share one.
_FIELDS_SETS: dict[frozenset[str], set[str]] = {}


def _shared(value: Any) -> Any:
    """`value` with its text shared (`sys.intern`): a string, or each string of a list, in place.
    Plans copy their duties, agencies and statuses from one another, and each file read (or
    unpickled from a cache or the reading process) made its own copy: at ten times the national
    fixture, 92 MB of strings equal to another. An interned string goes when nothing uses it."""
    if type(value) is str:
        return sys.intern(value)
    if type(value) is list:
        for at, item in enumerate(value):
            if type(item) is str:
                value[at] = sys.intern(item)
    return value


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    def model_post_init(self, context: Any, /) -> None:
        self._share()

    def __setstate__(self, state: dict[Any, Any]) -> None:  # read from a cache, or another process
        super().__setstate__(state)
        self._share()

    def _share(self) -> None:
        """Share what equal models hold alike: the set of names given, and the text."""
        given = self.__pydantic_fields_set__
        object.__setattr__(
            self, "__pydantic_fields_set__", _FIELDS_SETS.setdefault(frozenset(given), given)
        )
        fields = self.__dict__
        for name, value in fields.items():
            fields[name] = _shared(value)


class Source(Model):
    url: Url | None = spec(
        None,
        en="Public web address of the source (https://…).",
        vi="Địa chỉ web công khai của nguồn (https://…).",
        example="https://haiphong.gov.vn/tin-tuc-su-kien/…",
        fact=True,
    )
    title: Text = spec(
        en="Title of the source as published.",
        vi="Tiêu đề của nguồn như đã đăng.",
        example="Kế hoạch 24/KH-UBND",
    )
    publisher: Text | None = spec(
        None,
        en="Who published it.",
        vi="Đơn vị đăng tải.",
        example="Cổng thông tin điện tử Hải Phòng",
    )
    date: Date | None = spec(
        None,
        en="Date the source shows (YYYY-MM-DD).",
        vi="Ngày ghi trên nguồn (YYYY-MM-DD).",
        example="2024-07-01",
        fact=True,
        fix="write the date as YYYY-MM-DD, e.g. 2024-07-01",
        fix_vi="viết ngày dạng YYYY-MM-DD, ví dụ 2024-07-01",
    )
    note: Text | None = spec(
        None,
        en="What the source says or lacks (e.g. 'no public address known').",
        vi="Ghi chú về nguồn (ví dụ 'không có địa chỉ công khai').",
        example="Bản tin báo điện tử; không ghi số văn bản.",
    )


class Content(Model):
    """Fields every content type has."""

    type: str = spec(en="Content type.", vi="Loại nội dung.", example="plan", fact=True)
    title: Text = spec(
        en="Title shown on the page.",
        vi="Tiêu đề hiển thị.",
        example="Kế hoạch phòng, chống mua bán người năm 2017",
    )
    slug: Slug = spec(
        en="Address of the page: lower-case letters, digits and hyphens, the same in both "
        "languages.",
        vi="Địa chỉ trang: chữ thường không dấu, số và dấu gạch ngang; giống nhau ở cả hai "
        "ngôn ngữ.",
        example="ke-hoach-24-kh-ubnd-2017",
        fact=True,
        fix="use lower-case ASCII letters, digits and hyphens, e.g. ke-hoach-24-2017",
        fix_vi="dùng chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ ke-hoach-24-2017",
    )
    lang: Lang = spec(
        en="Language of this file: vi or en (must match the file name).",
        vi="Ngôn ngữ của tệp: vi hoặc en (khớp với tên tệp).",
        example="vi",
    )
    summary: Text = spec(
        en="One or two sentences for lists, search results and link previews.",
        vi="Một hai câu tóm tắt cho danh sách, kết quả tìm kiếm.",
        example="Kế hoạch của UBND thành phố Hà Nội cho năm 2017.",
    )
    localities: list[LocalityCode] = spec(
        [],
        en="Codes of the places it applies to: VN for the whole country, a 2-digit province "
        "code, a 5-digit commune code; P and 2 digits is a former province, 3 digits a "
        "former district.",
        vi="Mã địa bàn áp dụng: VN là toàn quốc, mã tỉnh 2 số, mã xã 5 số; P + 2 số là tỉnh "
        "cũ, 3 số là huyện cũ.",
        example=["01"],
        fact=True,
        fix="use codes from the locality registry, e.g. VN, 01 or 00070",
        fix_vi="dùng mã trong danh mục địa bàn, ví dụ VN, 01 hoặc 00070",
    )
    reviewed: Date | None = spec(
        None,
        en="When an editor last checked this page against its sources (YYYY-MM-DD); shown on "
        "the page.",
        vi="Ngày người biên tập kiểm tra lại trang này với nguồn gần nhất (YYYY-MM-DD); hiện "
        "trên trang.",
        example="2026-11-23",
        fix="write the date as YYYY-MM-DD, e.g. 2026-11-23",
        fix_vi="viết ngày dạng YYYY-MM-DD, ví dụ 2026-11-23",
    )
    sources: list[Source] = spec(
        en="Where the facts come from, at least one; the first is the main source. Every page "
        "links its sources.",
        vi="Nguồn của các thông tin, ít nhất một nguồn; nguồn đầu tiên là nguồn chính. Mọi trang "
        "đều dẫn liên kết tới nguồn của mình.",
        example=[{"url": "https://example.gov.vn/…", "title": "…"}],
        min_length=1,
    )


@functools.cache
def fact_fields(model: type[BaseModel]) -> frozenset[str]:
    """The fields of a model class marked `fact=True` (a class's fields do not change: worked out
    once per class, as the pair check walks every document's models)."""
    return frozenset(
        {
            name
            for name, f in model.model_fields.items()
            if isinstance(f.json_schema_extra, dict) and f.json_schema_extra.get("fact")
        }
    )


def facts_of(model: BaseModel, path: tuple = ()) -> dict[tuple, Any]:
    """The language-independent facts of a validated model, by field path.

    Nested models are walked in order (a list of them also contributes its length), so
    `targets[2].value` is compared with the other language's `targets[2].value`.

    >>> class T(Model):
    ...     value: float = spec(en="", vi="", fact=True)
    ...     text: str = spec(en="", vi="")
    >>> class P(Model):
    ...     targets: list[T] = spec(en="", vi="")
    >>> facts_of(P(targets=[T(value=95, text="x")]))
    {('targets', 'count'): 1, ('targets', 0, 'value'): 95.0}
    """
    out: dict[tuple, Any] = {}
    facts = fact_fields(type(model))
    for name in type(model).model_fields:
        value, here = getattr(model, name), (*path, name)
        if isinstance(value, BaseModel):
            out.update(facts_of(value, here))
        elif isinstance(value, list) and any(isinstance(v, BaseModel) for v in value):
            out[(*here, "count")] = len(value)
            for i, item in enumerate(value):
                out.update(facts_of(item, (*here, i)))
        elif name in facts:
            out[here] = value
    return out
