"""Site settings for development builds (`make build`, `invoke serve`). See publishconf.py."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent

# The site's name is a theme string ("Preventing human trafficking"), translated by the catalogs.
SITEURL = ""
# Where the site is published, for QR codes, the calendar subscription, feeds and the sitemap
# (portal/site/urls.py). Unset in development: posters then say "preview — address not set" rather
# than print an address that leads nowhere. `invoke publish --siteurl …` sets the real one.
PUBLIC_URL = ""
RELATIVE_URLS = True
PATH = "content"
OUTPUT_PATH = "output"
THEME = "themes/portal"
# Escape every value a template prints; the Markdown body and other trusted HTML say `|safe`.
JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "extensions": [],
    "autoescape": True,
}
TIMEZONE = "Asia/Ho_Chi_Minh"

DEFAULT_LANG = "vi"
# LANGUAGES and LANG_PREFIX come from portal.settings (the content model's languages; Vietnamese
# at the root, English under /en/). Every project setting is declared there, with its default.

# The locality registry (checked CSVs copied from the facts sheet, see its README).
LOCALITIES_DIR = str(ROOT / "content" / "data" / "localities")
# Awareness days for the calendar (copied from the facts sheet, see content/data/README.md).
AWARENESS_DAYS = str(ROOT / "content" / "data" / "awareness_days.yaml")
# "YYYY-MM-DD" splits upcoming from past dates; None: the newest date in the content
CALENDAR_TODAY = None

# Plugins run in this order; each is a package under plugins/ (see README).
PLUGINS = [
    "plugins.portal_reader",
    "plugins.content_checks",
    "plugins.theme_helpers",
    "plugins.assets",
    "plugins.content_index",
    "plugins.agency_duties",
    "plugins.search",  # early: it indexes in a second process while the rest renders
    "plugins.listings",
    "plugins.content_guide",
    "plugins.localities",
    "plugins.calendar",
    "plugins.feeds",
    "plugins.sitemap",  # records every page any plugin writes, whatever its place here
    "plugins.posters",
    "plugins.opendata",
]

# Every content item is a Pelican page whose template is its `type`.
ARTICLE_PATHS = []
PAGE_PATHS = ["plans", "campaigns", "hotlines", "agencies", "guidance", "laws"]
STATIC_PATHS = []
PAGE_URL = "{section}/{slug}/"
PAGE_SAVE_AS = "{section}/{slug}/index.html"
PAGE_LANG_URL = "{lang}/{section}/{slug}/"
PAGE_LANG_SAVE_AS = "{lang}/{section}/{slug}/index.html"
PAGE_ORDER_BY = "slug"
DIRECT_TEMPLATES = []
ARCHIVES_SAVE_AS = AUTHORS_SAVE_AS = CATEGORIES_SAVE_AS = TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = CATEGORY_SAVE_AS = TAG_SAVE_AS = ""
INDEX_SAVE_AS = ""

# No build timestamps, no feeds from Pelican itself (ours carry translations and localities).
FEED_ALL_ATOM = FEED_ALL_RSS = CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
DELETE_OUTPUT_DIRECTORY = False  # the Invoke build writes into a fresh directory anyway
# Pelican's content cache: `portal/engine/build.py` points CACHE_PATH at
# `.<output>.cache/content-<code>/` and compares files by content digest (CHECK_MODIFIED_METHOD),
# never by modification time.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
GZIP_CACHE = False  # a larger cache file, read and written much faster
SLUGIFY_SOURCE = "basename"

# One definition, in portal/content/body.py: the reader and `invoke check` render (and judge)
# bodies alike.
from portal.content import body as _body  # noqa: E402

MARKDOWN = _body.MARKDOWN

# QUICK_EXIT_URL: the quick exit's neutral site (declared in portal.settings).
