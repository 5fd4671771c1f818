"""Pickling large things without growing: text as UTF-8 bytes (`Utf8Text`), and long runs of
entries a piece at a time (`dump_pieces`).

CPython keeps a non-ASCII string's UTF-8 form inside the string, for as long as the string lives,
once `pickle` (or orjson) has asked for it (`PyUnicode_AsUTF8AndSize`); `str.encode` does not keep
it. So a long-lived string pickled once grows by its UTF-8 size: at ten times the national fixture,
35 MB in the build process for the Vietnamese pages' HTML that Pelican's content cache pickles
(`portal.engine.pelican_fixes`), 73 MB for the search documents' bodies in the process that pickles
them for the index (`plugins.search.searchdoc`). Wrapped in a `Utf8Text`, the string is pickled as
its bytes and comes back from `pickle.load` as the string itself.

>>> import pickle, sys
>>> text = "Người bán hàng".encode().decode()  # a string no pickle has seen
>>> size = sys.getsizeof(text)
>>> pickle.loads(pickle.dumps(Utf8Text(text))) == text, sys.getsizeof(text) == size
(True, True)

Those bytes are made while pickling, and a pickler keeps everything it has written until it is
done (its memo, which lets an object written twice be read back as one): one pickle of every
page's HTML held a copy of all of it, 176 MB more in the build process at ten times the national
fixture while Pelican's cache was saved, 60 MB of which it never gave back. `dump_pieces` writes
the entries as a run of pickles of `PIECE` entries each, the memo emptied after each
(`Pickler.clear_memo`), then None; `load_pieces` reads them back as one list. An object shared by
entries of two pieces comes back as two equal objects. No library does either; they are a dozen
lines each.

>>> import io
>>> file = io.BytesIO()
>>> dump_pieces(file, (str(n) for n in range(600)))
>>> _ = file.seek(0)
>>> back = load_pieces(file)
>>> len(back), back[599], file.read()
(600, '599', b'')
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable
from itertools import islice
from typing import IO

PIECE = 256  # entries pickled together


class Utf8Text:
    """`text`, pickled as UTF-8 bytes and unpickled as the string."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text

    def __reduce__(self):
        return _decoded, (self.text.encode("utf-8", "surrogatepass"),)


def _decoded(data: bytes) -> str:
    return data.decode("utf-8", "surrogatepass")


def dump_pieces(file: IO[bytes], entries: Iterable) -> None:
    """Pickle `entries` to `file`, `PIECE` at a time, then None."""
    pickler = pickle.Pickler(file, pickle.HIGHEST_PROTOCOL)
    entries = iter(entries)
    while piece := list(islice(entries, PIECE)):
        pickler.dump(piece)
        pickler.clear_memo()
    pickler.dump(None)


def load_pieces(file: IO[bytes]) -> list:
    """The entries `dump_pieces` wrote, from where `file` stands; it stands after them then."""
    entries: list = []
    while (piece := pickle.load(file)) is not None:
        entries.extend(piece)
    return entries
