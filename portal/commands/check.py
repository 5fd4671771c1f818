"""Check a content tree without building: `invoke check [--lang vi|en] [--strict] [--fix]`.

Reads every content file with `read_document`, runs the checks across files
(`portal.content.checks`), the registry's checks and, from Git history, the stale-translation
warnings, then prints every problem sorted by file and line, in the officer's language. Errors make
the exit status 1; warnings do too with `strict`. `fix` first rewrites files stored in decomposed
Unicode as NFC.

Also runnable as `python -m portal.commands.check [--lang en] [--strict] [--fix] [content]`.
"""

from __future__ import annotations

import argparse
import os
import sys
import unicodedata
from pathlib import Path

from portal.content.awareness import check_days
from portal.content.checks import check_documents, hotline_numbers
from portal.content.documents import Document, read_document
from portal.content.languages import LANGUAGES
from portal.content.layout import content_files, misplaced_files, shown_path
from portal.content.localities import check_registry, load_registry
from portal.content.problems import Problem, errors_only, problem, say
from portal.content.translations import stale_problems, translation_status
from portal.settings import apply, project_settings
from portal.site.links import check_links


def check_aliases(settings: dict, registry) -> list[Problem]:
    from plugins.search.aliases import check_aliases as check  # the search's own file and rules

    return check(settings, registry)


def read_tree(content: Path) -> list[Document]:
    root = content.resolve().parent
    return [
        read_document(f, Path(os.path.abspath(f)).relative_to(root).as_posix(), content)
        for f in content_files(content)
    ]


def check_tree(
    content: Path, registry_dir: Path | None = None, plugins: list[str] | None = None
) -> list[Problem]:
    """Every problem in the tree, errors and warnings, sorted by file and line; links are checked
    against the routes of `plugins` (default: the project's PLUGINS)."""
    docs = read_tree(content)
    registry_dir = registry_dir or content / "data" / "localities"
    problems = [p for d in docs for p in d.problems]
    try:
        registry = load_registry(registry_dir)
    # without the registry no place can be checked: say so, with the file
    except FileNotFoundError as exc:
        missing = shown_path(Path(exc.filename), content)
        return sorted(
            [
                *problems,
                problem(missing, 1, "", say("registry_missing"), say("restore_file", path=missing)),
            ]
        )
    problems += misplaced_files(content)
    problems += check_documents(docs, registry)
    problems += check_links(
        docs, registry, plugins if plugins is not None else project_settings()["PLUGINS"]
    )
    problems += check_registry(registry, str(registry_dir))
    problems += check_days(
        content / "data" / "awareness_days.yaml",
        shown_path(content / "data" / "awareness_days.yaml", content),
        hotline_numbers(docs),
    )
    problems += check_aliases(apply({"PATH": str(content)}), registry)
    problems += stale_problems(translation_status(content))
    return sorted(problems)


def fix_normal_form(content: Path) -> list[Path]:
    """Rewrite every UTF-8 content file that is not in NFC; returns the files changed."""
    fixed = []
    for path in content_files(content):
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            continue
        if not unicodedata.is_normalized("NFC", text):
            path.write_text(unicodedata.normalize("NFC", text), encoding="utf-8")
            fixed.append(path)
    return fixed


def run(
    content: Path, lang: str = "vi", strict: bool = False, fix: bool = False, out=sys.stdout
) -> int:
    """Print the report; the exit status: 1 on errors (or on warnings when `strict`), else 0."""
    root = content.resolve().parent
    if fix:
        for path in fix_normal_form(content):
            print(
                say("fixed_nfc", path=str(path.resolve().relative_to(root))).in_lang(lang), file=out
            )
    problems = check_tree(content)
    for found in problems:
        print(found.text(lang), file=out)
    errors = errors_only(problems)
    print(
        say("summary", errors=len(errors), warnings=len(problems) - len(errors)).in_lang(lang),
        file=out,
    )
    return 1 if errors or (strict and problems) else 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="check", description="Check the content without building."
    )
    parser.add_argument("content", nargs="?", default="content")
    parser.add_argument("--lang", choices=LANGUAGES, default="vi")
    parser.add_argument("--strict", action="store_true")
    parser.add_argument("--fix", action="store_true")
    args = parser.parse_args(argv)
    return run(Path(args.content), args.lang, args.strict, args.fix)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
