"""The awareness days file (`content/data/awareness_days.yaml`, copied from the facts sheet).

>>> text = '- id: x\\n  date: "07-30"\\n  name_vi: A\\n  name_en: B\\n'
>>> days = parse_days(text + "  source_url: https://e.org/\\n  source_title: T\\n", "f.yaml")
>>> days[0].month_number, days[0].day, days[0].name("en")
(7, 30, 'B')

A day recurs every year on `date` (MM-DD); an entry with `date: null` and `month` (MM) is held
during that month and the source names no day. A bad entry is a `ContentError` naming the file,
the entry's line and the field. The file is read with the bounded YAML reader of the content
files (`portal.content.frontmatter.load_yaml`: no aliases, limited depth), so a tab or a stray
bracket is a message with its line, not a traceback. It lives in `core` because `invoke check` and
the build's content check read it too (`check_days`), before the calendar plugin uses it.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator
from pydantic_core import ErrorDetails

from portal.content.checks import number_problems
from portal.content.documents import expected, numbers_in_fields, plain_text, scalars
from portal.content.frontmatter import FrontMatterError, load_yaml
from portal.content.problems import ContentError, Problem, problem, say

from .schema.common import Slug, Text, Url

LEAP_YEAR = 2000  # any leap year: 02-29 is a valid yearly day


class AwarenessDay(BaseModel):
    """The fields the calendar uses; the file's other keys (basis, notes, themes) are kept there."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    id: Slug
    date: str | None = None
    month: str | None = None
    name_vi: Text
    name_en: Text
    source_url: Url
    source_title: Text

    @field_validator("date")
    @classmethod
    def _month_day(cls, value):
        if value is not None:
            datetime.date.fromisoformat(f"{LEAP_YEAR}-{value}")  # ValueError names the bad date
        return value

    @field_validator("month")
    @classmethod
    def _month(cls, value):
        if value is not None and not (value.isdigit() and 1 <= int(value) <= 12):
            raise ValueError(f"expected a month 01–12, got {value!r}")
        return value

    @model_validator(mode="after")
    def _day_or_month(self):
        if (self.date is None) == (self.month is None):
            raise ValueError("give either date (MM-DD) or month (MM), not both or neither")
        return self

    @property
    def month_only(self) -> bool:
        return self.date is None

    @property
    def month_number(self) -> int:
        month = self.date[:2] if self.date else self.month
        assert month is not None  # the validator requires a date or a month
        return int(month)

    @property
    def day(self) -> int | None:
        return int(self.date[3:]) if self.date else None

    def name(self, lang: str) -> str:
        return self.name_vi if lang == "vi" else self.name_en


def load_days(path: Path) -> list[AwarenessDay]:
    return parse_days(path.read_text(encoding="utf-8"), str(path))


def check_days(path: Path, where: str, hotlines: set[str] | None = None) -> list[Problem]:
    """Every problem of the file (none if it does not exist: the calendar then says so); with
    `hotlines` (`portal.content.checks.hotline_numbers`), a phone number in its text that is not
    one of them too, as in the content files."""
    if not path.exists():
        return []
    text = path.read_bytes().decode("utf-8", "replace")
    problems = read_days(text, where)[1]
    if hotlines is not None and not problems:
        problems += _numbers_not_hotlines(text, where, hotlines)
    return problems


def _numbers_not_hotlines(text: str, where: str, hotlines: set[str]) -> list[Problem]:
    entries, lines = load_yaml(plain_text(text), first_line=1)
    found = numbers_in_fields(scalars(entries, ()), lambda loc: lines.get(loc, 1))
    return number_problems(where, found, hotlines)


def parse_days(text: str, where: str) -> list[AwarenessDay]:
    """Every entry, or one `ContentError` listing each bad field with its line."""
    days, problems = read_days(text, where)
    if problems:
        raise ContentError(problems)
    return days


def read_days(text: str, where: str) -> tuple[list[AwarenessDay], list[Problem]]:
    try:
        entries, lines = load_yaml(plain_text(text), first_line=1)
    except FrontMatterError as exc:
        return [], [problem(where, exc.line, "", exc.message, exc.fix)]
    if not isinstance(entries, list):
        return [], [problem(where, 1, "", say("awareness_list"), say("awareness_entry"))]
    days, problems = [], []
    for index, entry in enumerate(entries):
        try:
            days.append(AwarenessDay.model_validate(entry))
        except ValidationError as exc:
            problems += [
                _problem(where, lines.get((index,), 1), index, error) for error in exc.errors()
            ]
    return days, problems


def _problem(where: str, line: int, index: int, error: ErrorDetails) -> Problem:
    field = ".".join(str(part) for part in (f"[{index}]", *error["loc"]))
    message = (
        say("missing_field", name=error["loc"][-1])
        if error["type"] == "missing" and error["loc"]
        else expected(error)
    )
    return problem(where, line, field, message, say("awareness_fix"))
