"""Index one language's documents with whoosh.

Fields, all scored with whoosh's BM25F (the browser engine uses the same formula):

- `title` and `body`: keys (accent-folded, stemmed in English);
- `exact`: exact forms of title and body, for the bonus when the reader typed accents;
- `pair`: consecutive keys of title and body, for the bonus when query words sit side by side;
- `type` and `places`: unscored, for filters.

Documents are numbered in the order given; the export and the browser use those numbers.
"""

from __future__ import annotations

import tempfile

from whoosh import fields
from whoosh.filedb.filestore import FileStorage, RamStorage, copy_storage

from plugins.core.analysis import exact_analyzer, key_analyzer, pair_analyzer

SCORED = ("title", "body", "exact", "pair")


def schema_for(lang: str) -> fields.Schema:
    return fields.Schema(
        title=fields.TEXT(analyzer=key_analyzer(lang), phrase=False),
        body=fields.TEXT(analyzer=key_analyzer(lang), phrase=False),
        exact=fields.TEXT(analyzer=exact_analyzer(lang), phrase=False),
        pair=fields.TEXT(analyzer=pair_analyzer(lang), phrase=False),
        type=fields.ID(),
        places=fields.KEYWORD(commas=True),
    )


class MemoryStorage(RamStorage):
    """RamStorage whose writer spills to a private temporary folder: the stock one uses a
    folder named after the index in /tmp (`MAIN.tmp`), which parallel builds would share."""

    def temp_storage(self, name=None):
        return FileStorage(tempfile.mkdtemp(prefix="whoosh-")).create()


def build_index(docs: list, lang: str):
    """A whoosh index in memory holding `docs` as documents 0, 1, 2 …"""
    index = MemoryStorage().create_index(schema_for(lang))
    writer = index.writer(limitmb=256)  # sorts postings in memory up to this size
    for doc in docs:
        both = f"{doc.title}\n{doc.body}"
        writer.add_document(title=doc.title, body=doc.body, exact=both, pair=both, type=doc.type, places=",".join(doc.places))
    writer.commit()
    return index


def save_copy(index, folder) -> None:
    """Write the in-memory index's files to `folder` (for `invoke search --reference`)."""
    folder.mkdir(parents=True, exist_ok=True)
    copy_storage(index.storage, FileStorage(str(folder)))
