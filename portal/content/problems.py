"""One problem found in the content, in English and Vietnamese, and the one exception that carries
them all.

Messages come from the catalog in `portal.content.messages`, keyed by an id, so every problem can be
shown in the officer's language:

>>> fix = say("did_you_mean_field", guess="issue")
>>> p = problem("content/plans/x.vi.md", 7, "issued", say("not_a_field"), fix)
>>> print(p)  # doctest: +NORMALIZE_WHITESPACE
content/plans/x.vi.md:7: field 'issued': is not a field of this content type
 — did you mean 'issue'?
>>> print(p.text("vi"))  # doctest: +NORMALIZE_WHITESPACE
content/plans/x.vi.md:7: trường 'issued': không phải là trường của loại nội dung này
 — có phải bạn muốn viết 'issue'?
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import NamedTuple

from portal.content.messages import MESSAGES

LANGS = ("en", "vi")


class Said(NamedTuple):
    """A text in both languages."""

    en: str
    vi: str

    def in_lang(self, lang: str) -> str:
        return self.vi if lang == "vi" else self.en


NOTHING = Said("", "")


def say(key: str, /, **args) -> Said:
    """The catalog text `key` filled with `args`; a `Said` argument is taken in the same
    language."""
    en, vi = MESSAGES[key]
    pick = {
        lang: {k: (v.in_lang(lang) if isinstance(v, Said) else v) for k, v in args.items()}
        for lang in LANGS
    }
    return Said(en.format(**pick["en"]), vi.format(**pick["vi"]))


def same(text: str) -> Said:
    """A text that reads the same in both languages (a file name, a value)."""
    return Said(text, text)


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    field: str
    message: str  # English; `message_vi` holds the Vietnamese
    fix: str = ""
    severity: str = "error"  # "error" fails the build; "warning" only with --strict
    message_vi: str = dataclasses.field(default="", compare=False)
    fix_vi: str = dataclasses.field(default="", compare=False)

    def text(self, lang: str = "en") -> str:
        """`file:line: field 'x': problem — fix`, in `lang` (English where no Vietnamese was
        given)."""
        vi = lang == "vi"
        message = (self.message_vi if vi else "") or self.message
        fix = (self.fix_vi if vi else "") or self.fix
        labels = say("field_label").in_lang(lang), say("warning_label").in_lang(lang)
        field_part = f" {labels[0]} '{self.field}':" if self.field else ""
        tag = f" {labels[1]}:" if self.severity == "warning" else ""
        return f"{self.path}:{self.line}:{tag}{field_part} {message}" + (f" — {fix}" if fix else "")

    def __str__(self) -> str:
        return self.text("en")


def problem(
    path: str,
    line: int,
    field_name: str,
    message: Said,
    fix: Said = NOTHING,
    severity: str = "error",
) -> Problem:
    return Problem(path, line, field_name, message.en, fix.en, severity, message.vi, fix.vi)


class ContentError(Exception):
    """Raised once, after every check has run, when any error was found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__(self.report())

    def report(self) -> str:
        lines = [str(p) for p in self.problems]
        count = sum(p.severity == "error" for p in self.problems)
        lines.append(f"{count} error(s) in the content: nothing was published.")
        return "\n".join(lines)


def errors_only(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]
