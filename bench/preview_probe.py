"""How long an edit takes to show in the page `invoke serve` serves, over HTTP.

Start the preview on the national fixture first:

    .venv/bin/invoke fixture --documents 1000 --out build/fixture
    .venv/bin/invoke serve --settings build/fixture/settings.py \
        --output build/fixture/site --port 8765

then, once it has built:

    python bench/preview_probe.py --port 8765 --content build/fixture/content

Each edit is timed from just before the file is written until a GET of the edited page (polled
every 10 ms) returns the new sentence (a body edit: one sentence added) or the new title (a title
edit). Between edits it waits `--pause` seconds, so that the full build that follows each edit
has finished (0: edits back to back, the next one made while that build runs). Prints each time
and the medians as JSON. It edits the fixture's content: rewrite the fixture afterwards.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import time
import urllib.request
from pathlib import Path


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8")


def shown(url: str, text: str, timeout: float) -> float:
    """Seconds until the page at `url` contains `text` (counted by the caller from the edit)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if text in fetch(url):
                return time.monotonic()
        except OSError:
            pass
        time.sleep(0.01)
    raise TimeoutError(f"{url} did not show {text!r} within {timeout} s")


def edit_body(path: Path, n: int) -> str:
    sentence = f"Câu thử xem trước số {n} lúc {time.time_ns()}."
    path.write_text(path.read_text(encoding="utf-8") + f"\n{sentence}\n", encoding="utf-8")
    return sentence


def edit_title(path: Path, n: int) -> str:
    title = f"[Mẫu] Tiêu đề đã sửa {n} lúc {time.time_ns()}"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        re.sub(r"(?m)^title: .*$", f"title: '{title}'", text, count=1), encoding="utf-8"
    )
    return title


def run(origin: str, content: Path, edits: int, pause: float, timeout: float) -> dict:
    plans = sorted((content / "plans").glob("*.vi.md"))
    times: dict[str, list[float]] = {"body_edit": [], "title_edit": []}
    for kind, edit in (("body_edit", edit_body), ("title_edit", edit_title)):
        for n in range(edits):
            source = plans[10 + n + (edits if kind == "title_edit" else 0)]
            url = f"{origin}/plans/{source.name.removesuffix('.vi.md')}/"
            fetch(url)
            start = time.monotonic()
            text = edit(source, n)
            times[kind].append(round(shown(url, text, timeout) - start, 3))
            print(f"{kind} {n + 1}: {times[kind][-1]} s ({source.name})", flush=True)
            time.sleep(pause)
    return {
        "preview_s": {kind: round(statistics.median(values), 3) for kind, values in times.items()},
        "runs": times,
    }


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--content", type=Path, default=Path("build/fixture/content"))
    parser.add_argument(
        "--edits", type=int, default=5, help="edits of each kind (the median is reported)"
    )
    parser.add_argument("--pause", type=float, default=60.0, help="seconds between edits")
    parser.add_argument("--timeout", type=float, default=300.0)
    args = parser.parse_args(argv)
    figures = run(
        f"http://127.0.0.1:{args.port}", args.content, args.edits, args.pause, args.timeout
    )
    print(json.dumps(figures, ensure_ascii=False))
    return figures


if __name__ == "__main__":
    main()
