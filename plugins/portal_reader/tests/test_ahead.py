"""Reading ahead in a child gives what reading in order gives; what the child could not read
cleanly (an error, a logged warning) is read again by the build process, which shows the message.

Each run is a process of its own: the test process has threads (xdist), and a fork there could
deadlock."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

SCRIPT = """
import json, logging, os, sys, time
from plugins.portal_reader.ahead import ReadAhead

logging.basicConfig(format="%(levelname)s %(message)s")
MAIN = os.getpid()
paths = [f"file-{i}" for i in range(200)] + ["odd", "bad"]  # the child starts with the last

def read(path):
    time.sleep(0.005)
    if path == "bad" and os.getpid() != MAIN:
        raise ValueError("the child fails here")
    if path == "odd":
        logging.getLogger("pelican").warning("odd file")
    return f"<p>{path}</p>", {"pid": os.getpid()}

ahead = ReadAhead(read, paths)
got = [ahead.get(path) or read(path) for path in paths]
ahead.join()
print(json.dumps({
    "html": [html for html, _ in got],
    "by_child": [path for path, (_, meta) in zip(paths, got) if meta["pid"] != MAIN],
}))
"""


def test_reading_ahead_gives_the_files_of_a_serial_read():
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, check=True
    )
    found = json.loads(done.stdout)
    paths = [f"file-{i}" for i in range(200)] + ["odd", "bad"]
    assert found["html"] == [f"<p>{path}</p>" for path in paths]
    by_child = found["by_child"]
    assert by_child, "the child read nothing"
    assert "odd" not in by_child and "bad" not in by_child
    # the child read a tail of the list, and the build process everything before it
    assert by_child == paths[len(paths) - len(by_child) - 2 : -2]
    assert done.stderr.count("odd file") == 1, done.stderr
