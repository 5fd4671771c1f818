"""One page as the search sees it (`SearchDoc`), and a language's documents kept beside the output.

The build keeps each language's documents (`keep`), with their digest, and stamps them with the
version of the manifest exported from them (`stamp`): whoosh's reference index is made from them
on demand (`reference.py`).
A module of its own, light to import, for the indexing process.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from portal.engine.pickling import Utf8Text

DOCUMENTS, DIGEST, STAMP = "documents.json", "documents-digest", "manifest-version"


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

    def __getstate__(self) -> dict:
        """Pickled with its body as UTF-8 bytes (`portal.engine.pickling`)."""
        return self.__dict__ | {"body": Utf8Text(self.body)}


def _pieces(docs: list[SearchDoc]):
    """The documents' JSON, a document at a time: at 10,000 items it is 80 MB a language.

    The standard library's JSON, not orjson: orjson keeps each non-ASCII string's UTF-8 form
    inside the string for as long as the string lives (73 MB for the Vietnamese documents at
    10,000 items), as `pickle` does."""
    yield "["
    for at, doc in enumerate(docs):
        yield (", " if at else "") + json.dumps(doc.__dict__, ensure_ascii=False)
    yield "]"


def digest(docs: list[SearchDoc]) -> str:
    """SHA-256 of the documents' JSON, which `keep` writes."""
    sha = hashlib.sha256()
    for piece in _pieces(docs):
        sha.update(piece.encode("utf-8"))
    return sha.hexdigest()


def keep(docs: list[SearchDoc], folder: Path) -> str:
    """Write `docs` to `folder` as JSON and return its `digest`; a file of the same digest is
    left as it was. The documents are not `kept` until the manifest made from them is
    `stamp`ed."""
    folder.mkdir(parents=True, exist_ok=True)
    new = folder / (DOCUMENTS + ".new")
    sha = hashlib.sha256()
    with open(new, "w", encoding="utf-8") as fh:
        for piece in _pieces(docs):
            fh.write(piece)
            sha.update(piece.encode("utf-8"))
    made = sha.hexdigest()
    written = folder / DIGEST
    same = written.is_file() and written.read_text(encoding="utf-8") == made
    if same and (folder / DOCUMENTS).is_file():
        new.unlink()
        return made
    (folder / STAMP).unlink(missing_ok=True)
    written.unlink(missing_ok=True)
    new.replace(folder / DOCUMENTS)
    written.write_text(made, encoding="utf-8")
    return made


def stamp(folder: Path, version: str) -> None:
    """Mark the documents in `folder` as those of the manifest `version`."""
    path = folder / STAMP
    if not path.is_file() or path.read_text(encoding="utf-8") != version:
        path.write_text(version, encoding="utf-8")


def kept(folder: Path, version: str) -> list[SearchDoc] | None:
    """The documents `keep` wrote to `folder` for the manifest `version`, or None."""
    stamp = folder / STAMP
    if not stamp.is_file() or stamp.read_text(encoding="utf-8") != version:
        return None
    return [
        SearchDoc(**{**d, "places": tuple(d["places"])})
        for d in json.loads((folder / DOCUMENTS).read_text(encoding="utf-8"))
    ]
