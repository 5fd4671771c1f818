"""Stock Pelican settings for the benchmark's peer build (bench/run.py overrides PATH, OUTPUT_PATH
and CACHE_PATH): the default theme, no plugins, Pelican's own Markdown reader and defaults for
everything else. Only what `pelican-quickstart` would ask is set."""

AUTHOR = "Benchmark"
SITENAME = "Plain Pelican"
SITEURL = ""
PATH = "content"
TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_LANG = "vi"
