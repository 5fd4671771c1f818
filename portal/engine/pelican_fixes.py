"""Pelican's own steps that grow faster than the site, replaced by equivalents that do not.

`process_translations` (pelican.utils, 4.12) groups the pages by their translation id, then ends
with `[x for x in content_list if x not in index]`: a search of the list of originals for every
page, quadratic in the number of pages (3 s of every build at 20,000 pages, 0.03 s at 2,000).
`linear_process_translations` gives Pelican's function one group at a time, so each search
is over the group's own few pages; the results are the same lists in the same order, with the
same `translations` on every page and the same warnings (`tests/test_engine.py` compares them).

Pelican's content cache (`pelican.readers.Readers`) keeps each page's HTML, the same string as the
page's `_content`, and pickles it when the build has read the site, which left the UTF-8 form of
every Vietnamese page inside its string (`portal.engine.pickling`: 35 MB at ten times the
national fixture). The cache now holds the HTML as a `Utf8Text`: the files hold the same text, and
Pelican gets a string back. Pelican pickles the whole cache at once, so the pickler kept the UTF-8
bytes of every page until it was done (176 MB more at ten times the national fixture, 60 MB of
which the build process never gave back): `save_cache` writes it in pieces
(`pickling.dump_pieces`), and a new `Readers` reads the pieces past the first, which is all that
Pelican's own loading reads (`readers_init`).

`install()` puts these where Pelican looks them up (`pelican.generators`, `Readers`); the build
calls it before Pelican runs. Nothing else of Pelican is changed.
"""

from __future__ import annotations

import logging
import pickle
from itertools import groupby
from operator import attrgetter

import pelican.generators
from pelican.cache import FileStampDataCacher
from pelican.readers import Readers
from pelican.utils import mkdir_p, process_translations

from portal.engine.pickling import Utf8Text, dump_pieces, load_pieces

PELICAN_READERS_INIT = Readers.__init__
log = logging.getLogger(__name__)


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


def save_cache(self) -> None:
    """`Readers.save_cache`, the entries in pieces (`pickling.dump_pieces`)."""
    if not self._cache_data_policy:
        return
    try:
        mkdir_p(self.settings["CACHE_PATH"])
        with self._cache_open(self._cache_path, "wb") as fh:
            dump_pieces(fh, self._cache.items())
    except (OSError, pickle.PicklingError, TypeError) as err:  # as Pelican's own
        log.warning("Could not save cache %s\n ... %s", self._cache_path, err)


def readers_init(self, *args, **kwargs) -> None:
    """`Readers.__init__`, then the whole cache, if Pelican's loading read a first piece."""
    PELICAN_READERS_INIT(self, *args, **kwargs)
    if not isinstance(self._cache, dict):
        try:
            with self._cache_open(self._cache_path, "rb") as fh:
                self._cache = dict(load_pieces(fh))
        except Exception as err:  # noqa: BLE001 — a cache that cannot be read is read again
            log.debug(
                "Cannot load cache %s: proceeding with an empty cache.\n%s", self._cache_path, err
            )
            self._cache = {}


def install() -> None:
    pelican.generators.process_translations = linear_process_translations
    Readers.__init__ = readers_init
    Readers.cache_data = cache_data
    Readers.get_cached_data = get_cached_data
    Readers.save_cache = save_cache
