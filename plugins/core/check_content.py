"""Check a content tree without building: `python -m plugins.core.check_content [content [registry]]`.

Reads every content file with `read_document`, runs the checks across files and the
registry's checks, and prints every problem sorted by file and line.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .checks import check_documents
from .documents import Document, read_document
from .localities import check_registry, load_registry
from .problems import Problem, errors_only
from .schema import SECTIONS


def read_tree(content: Path) -> list[Document]:
    root = content.resolve().parent
    files = sorted(f for section in SECTIONS.values() for f in (content / section).glob("*.md"))
    return [read_document(f, str(f.resolve().relative_to(root))) for f in files]


def check_tree(content: Path, registry_dir: Path | None = None) -> list[Problem]:
    docs = read_tree(content)
    registry_dir = registry_dir or content / "data" / "localities"
    registry = load_registry(registry_dir)
    problems = [p for d in docs for p in d.problems]
    problems += check_documents(docs, registry)
    problems += check_registry(registry, str(registry_dir))
    return sorted(problems)


def main(argv: list[str]) -> int:
    content = Path(argv[0] if argv else "content")
    problems = check_tree(content, Path(argv[1]) if len(argv) > 1 else None)
    for problem in problems:
        print(problem)
    errors = errors_only(problems)
    print(f"{len(errors)} error(s), {len(problems) - len(errors)} warning(s).")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
