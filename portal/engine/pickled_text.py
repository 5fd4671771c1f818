"""Text that is pickled as UTF-8 bytes (`Utf8Text`).

CPython keeps a non-ASCII string's UTF-8 form inside the string, for as long as the string lives,
once `pickle` (or orjson) has asked for it (`PyUnicode_AsUTF8AndSize`); `str.encode` does not keep
it. So a long-lived string pickled once grows by its UTF-8 size: at ten times the national fixture,
35 MB in the build process for the Vietnamese pages' HTML that Pelican's content cache pickles
(`portal.engine.pelican_fixes`), 73 MB for the search documents' bodies in the process that pickles
them for the index (`plugins.search.searchdoc`). Wrapped in a `Utf8Text`, the string is pickled as
its bytes and comes back from `pickle.load` as the string itself. No library does this; it is a
dozen lines.

>>> import pickle, sys
>>> text = "Người bán hàng".encode().decode()  # a string no pickle has seen
>>> size = sys.getsizeof(text)
>>> pickle.loads(pickle.dumps(Utf8Text(text))) == text, sys.getsizeof(text) == size
(True, True)
"""

from __future__ import annotations


class Utf8Text:
    """`text`, pickled as UTF-8 bytes and unpickled as the string."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text

    def __reduce__(self):
        return _decoded, (self.text.encode("utf-8", "surrogatepass"),)


def _decoded(data: bytes) -> str:
    return data.decode("utf-8", "surrogatepass")
