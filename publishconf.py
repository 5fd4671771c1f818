"""Settings for publishing: absolute addresses from SITEURL (set it for your host).

`invoke publish` refuses to run without a real address: pass `--siteurl https://…`, set the
SITEURL environment variable, or write it here."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITEURL", "")
RELATIVE_URLS = False
