"""One page as the search sees it (`SearchDoc`), and a language's documents kept beside the output.

The build keeps each language's documents (`keep`), stamped with the version of the manifest
exported from them: whoosh's reference index is made from them on demand (`reference.py`).
A module of its own, light to import, for the indexing process.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

DOCUMENTS, STAMP = "documents.json", "manifest-version"


@dataclass
class SearchDoc:
    url: str  # relative to the site root, e.g. "en/plans/ke-hoach-24/"
    title: str
    body: str
    type: str  # a content type, or "locality"
    places: tuple[str, ...]  # locality codes with every ancestor and successor, for filters
    date: str = ""
    place_label: str = ""
    snippet: list[str] = field(default_factory=list)  # sentences shown under the title
    national: bool = False  # applies to the whole country (`VN`): every place filter finds it
    # a page that lists others (the hotline list): a way in, ranked below them
    listing: bool = False


def keep(docs: list[SearchDoc], version: str, folder: Path) -> None:
    """Write `docs` to `folder`, stamped with the manifest `version` (unless they are there
    already)."""
    stamp = folder / STAMP
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == version:
        return
    folder.mkdir(parents=True, exist_ok=True)
    stamp.unlink(missing_ok=True)
    with open(folder / DOCUMENTS, "w", encoding="utf-8") as fh:  # a document at a time
        fh.write("[")
        for at, doc in enumerate(docs):
            fh.write(", " if at else "")
            fh.write(json.dumps(doc.__dict__, ensure_ascii=False))
        fh.write("]")
    stamp.write_text(version, encoding="utf-8")


def kept(folder: Path, version: str) -> list[SearchDoc] | None:
    """The documents `keep` wrote to `folder` for the manifest `version`, or None."""
    stamp = folder / STAMP
    if not stamp.is_file() or stamp.read_text(encoding="utf-8") != version:
        return None
    return [
        SearchDoc(**{**d, "places": tuple(d["places"])})
        for d in json.loads((folder / DOCUMENTS).read_text(encoding="utf-8"))
    ]
