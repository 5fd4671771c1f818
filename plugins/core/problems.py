"""One problem found in the content, and the one exception that carries them all.

>>> p = Problem("content/plans/x.vi.md", 7, "issued", 'expected a date, got "8/2/2017"', "write 2017-02-08")
>>> str(p)
'content/plans/x.vi.md:7: field \\'issued\\': expected a date, got "8/2/2017" — write 2017-02-08'
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    field: str
    message: str
    fix: str = ""
    severity: str = "error"  # "error" fails the build; "warning" only with --strict

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:"
        field = f" field '{self.field}':" if self.field else ""
        fix = f" — {self.fix}" if self.fix else ""
        tag = " warning:" if self.severity == "warning" else ""
        return f"{where}{tag}{field} {self.message}{fix}"


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
