"""Pelican's own steps that grow faster than the site, replaced by equivalents that do not.

`process_translations` (pelican.utils, 4.12) groups the pages by their translation id, then ends
with `[x for x in content_list if x not in index]`: a search of the list of originals for every
page, quadratic in the number of pages (3 s of every build at 20,000 pages, 0.03 s at 2,000).
`linear_process_translations` gives Pelican's function one group at a time, so each search
is over the group's own few pages; the results are the same lists in the same order, with the
same `translations` on every page and the same warnings (`tests/test_engine.py` compares them).

Pelican's content cache (`pelican.readers.Readers`) keeps each page's HTML, the same string as the
page's `_content`, and pickles it when the build has read the site, which left the UTF-8 form of
every Vietnamese page inside its string (`portal.engine.pickled_text`: 35 MB at ten times the
national fixture). The cache now holds the HTML as a `Utf8Text`: the files hold the same text, and
Pelican gets a string back.

`install()` puts both where Pelican looks them up (`pelican.generators`, `Readers`); the build
calls it before Pelican runs. Nothing else of Pelican is changed.
"""

from __future__ import annotations

from itertools import groupby
from operator import attrgetter

import pelican.generators
from pelican.cache import FileStampDataCacher
from pelican.readers import Readers
from pelican.utils import process_translations

from portal.engine.pickled_text import Utf8Text


def linear_process_translations(content_list, translation_id=None):
    """`pelican.utils.process_translations`, made of its own runs on each group of pages."""
    if not translation_id:
        return process_translations(content_list, translation_id)
    ids = {translation_id} if isinstance(translation_id, str) else translation_id
    try:
        content_list.sort(key=attrgetter(*ids))
    except (TypeError, AttributeError):
        return process_translations(content_list, translation_id)  # its own error
    index, translations = [], []
    for _id, group in groupby(content_list, attrgetter(*ids)):
        originals, others = process_translations(list(group), translation_id)
        index += originals
        translations += others
    return index, translations


def cache_data(self, filename, data) -> None:
    """`Readers.cache_data`, with the HTML as a `Utf8Text`."""
    content, metadata = data
    if isinstance(content, str):
        content = Utf8Text(content)
    FileStampDataCacher.cache_data(self, filename, (content, metadata))


def get_cached_data(self, filename, default=None):
    """`Readers.get_cached_data`, with the HTML as a string."""
    found = FileStampDataCacher.get_cached_data(self, filename, default)
    if found is not default and isinstance(found[0], Utf8Text):
        return found[0].text, found[1]
    return found


def install() -> None:
    pelican.generators.process_translations = linear_process_translations
    Readers.cache_data = cache_data
    Readers.get_cached_data = get_cached_data
