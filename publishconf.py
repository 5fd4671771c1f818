"""Settings for publishing: absolute addresses from SITEURL (set it for your host)."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITEURL", "https://example.org")
RELATIVE_URLS = False
