"""Settings for publishing: absolute addresses from SITEURL (set it for your host).

`invoke publish` refuses to run without a real address: pass `--siteurl https://…`, set the
SITEURL environment variable, or write it here."""

import os
from pathlib import Path

from portal.settings import inherit

globals().update(inherit(Path(__file__).with_name("pelicanconf.py")))

SITEURL = os.environ.get("SITEURL", "")
RELATIVE_URLS = False
