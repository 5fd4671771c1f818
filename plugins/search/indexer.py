"""Index one language's documents with whoosh: the reference the exported index reproduces.

The build does not write a whoosh index: it exports the same postings and lengths straight from
each document's terms (`terms.py`, `export.py`). This index is made on demand, from the documents
kept beside the output (`reference.py`), to rank queries as whoosh does.

Fields, all scored with whoosh's BM25F (the browser engine uses the same formula):

- `title` and `body`: keys (accent-folded, stemmed in English);
- `exact`: exact forms of title and body, for the bonus when the reader typed accents;
- `pair`: consecutive keys of title and body, for the bonus when query words sit side by side;
- `type`, `places` and `national`: unscored, for filters.

Documents are numbered in the order given; the export and the browser use those numbers.
"""

from __future__ import annotations

from whoosh import fields
from whoosh.filedb.filestore import FileStorage, RamStorage, copy_storage

from plugins.search.analysis import exact_analyzer, key_analyzer, pair_analyzer

SCORED = ("title", "body", "exact", "pair")


def schema_for(lang: str) -> fields.Schema:
    return fields.Schema(
        title=fields.TEXT(analyzer=key_analyzer(lang), phrase=False),
        body=fields.TEXT(analyzer=key_analyzer(lang), phrase=False),
        exact=fields.TEXT(analyzer=exact_analyzer(lang), phrase=False),
        pair=fields.TEXT(analyzer=pair_analyzer(lang), phrase=False),
        type=fields.ID(),
        places=fields.KEYWORD(commas=True),
        national=fields.ID(),
    )


class MemoryStorage(RamStorage):
    """RamStorage whose writer keeps its temporary files in memory too: the stock one uses a
    folder named after the index in /tmp (`MAIN.tmp`), which two processes would share, and
    whoosh does not remove every temporary folder it makes."""

    def temp_storage(self, name=None):
        return RamStorage()


def build_index(docs: list, lang: str):
    """A whoosh index in memory holding `docs` as documents 0, 1, 2 …"""
    index = MemoryStorage().create_index(schema_for(lang))
    writer = index.writer(limitmb=256)  # sorts postings in memory up to this size
    for doc in docs:
        both = f"{doc.title}\n{doc.body}"
        writer.add_document(
            title=doc.title,
            body=doc.body,
            exact=both,
            pair=both,
            type=doc.type,
            places=",".join(doc.places),
            national="yes" if doc.national else "no",
        )
    writer.commit()
    return index


def save_copy(index, folder) -> None:
    """Write the in-memory index's files to `folder`, to open it again without indexing."""
    folder.mkdir(parents=True, exist_ok=True)
    copy_storage(index.storage, FileStorage(str(folder)))
