"""Bytes per query for the project's search and for Pagefind, counted the same way.

For each query, every file the engine fetches to answer it and show its first five results is
counted at its gzip level 9 size, plus the engine's code: for the project the modules its search
form loads (`data-engine`, and `data-stemmer` in English), for Pagefind `pagefind.js` and the
WebAssembly it fetches. Both start empty for every query (a first search in a new tab). The
project's engine runs under Node through plugins/search/cli.mjs, Pagefind's through
bench/pagefind_bytes.mjs. Query time is the project's `ms`: opening the engine and ranking one
query, cold engine, in a Node process that has already run every query once (records not fetched;
the files read from disk and parsed, not compressed: their gzip size is counted afterwards).
"""

from __future__ import annotations

import gzip
import json
import math
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLI = ROOT / "plugins" / "search" / "cli.mjs"
PAGEFIND_BYTES = Path(__file__).resolve().parent / "pagefind_bytes.mjs"
LIMIT = 5  # the first five results
PASSES = 5  # measured passes over the queries for the query time, after one warm-up pass

QUERIES = [
    ("vi", "mua bán người"),
    ("vi", "mua ban nguoi"),
    ("vi", "đường dây nóng"),
    ("vi", "duong day nong"),
    ("vi", "nạn nhân"),
    ("vi", "ho tro nan nhan"),
    ("vi", "việc nhẹ lương cao"),
    ("vi", "viec nhe luong cao"),
    ("vi", "tuyên truyền"),
    ("vi", "Hà Nội"),
    ("en", "trafficking"),
    ("en", "hotline"),
    ("en", "victim support"),
    ("en", "easy work high pay"),
    ("en", "identity papers"),
    ("en", "Women's Union"),
    ("en", "legal aid"),
    ("en", "report trafficking"),
    ("en", "Hanoi"),
    ("en", "schools"),
]
HOME = {"vi": "index.html", "en": "en/index.html"}


def gzip9(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: the smallest value with at least `share` of the values at or below
    it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def _node(args: list[str], what: str) -> list[dict]:
    done = subprocess.run(["node", *map(str, args)], capture_output=True, text=True, cwd=ROOT)
    if done.returncode:
        raise RuntimeError(f"{what} failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout)


def engine_files(site: Path, lang: str) -> list[Path]:
    """The modules the search form of the language's home page loads (`data-engine`,
    `data-stemmer`)."""
    page = site / HOME[lang]
    form = re.search(r"<form[^>]*\bdata-search\b[^>]*>", page.read_text(encoding="utf-8"))
    refs = re.findall(r'\bdata-(?:engine|stemmer)="([^"]+)"', form.group(0)) if form else []
    if not refs:
        raise RuntimeError(f"{page}: no search form with data-engine")
    return [(page.parent / ref).resolve() for ref in refs]


def project_queries(site: Path, batch: Path) -> list[dict]:
    """Per query: results found, bytes (data + code), data bytes and files, and the `ms` of each
    measured pass."""
    batch.write_text(
        json.dumps(
            [{"query": q, "lang": lang, "limit": LIMIT} for lang, q in QUERIES] * (1 + PASSES),
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    outs = _node([CLI, "--root", site, "--batch", batch], "the project's search (cli.mjs)")
    code = {lang: sum(gzip9(f.read_bytes()) for f in engine_files(site, lang)) for lang in HOME}
    rows = []
    for i, (lang, query) in enumerate(QUERIES):
        first, times = (
            outs[len(QUERIES) + i],
            [outs[len(QUERIES) * p + i]["ms"] for p in range(1, 1 + PASSES)],
        )
        data = first["bytes"]["gzip"]
        rows.append(
            {
                "lang": lang,
                "query": query,
                "total": first["total"],
                "shown": len(first["results"]),
                "files": first["bytes"]["files"],
                "data": data,
                "code": code[lang],
                "bytes": data + code[lang],
                "ms": times,
            }
        )
    return rows


def pagefind_index(site: Path, bundle: Path) -> float:
    """Index the built site with Pagefind into `bundle`; the seconds it took."""
    start = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pagefind",
            "--site",
            str(site),
            "--output-path",
            str(bundle),
            "--silent",
        ],
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise RuntimeError(f"pagefind failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    return time.perf_counter() - start


def pagefind_queries(bundle: Path, batch: Path) -> list[dict]:
    """Per query: results found, bytes (data + pagefind.js), data bytes (WebAssembly included, also
    given alone) and on-disk bytes."""
    batch.write_text(
        json.dumps(
            [{"query": q, "lang": lang, "limit": LIMIT} for lang, q in QUERIES], ensure_ascii=False
        ),
        encoding="utf-8",
    )
    outs = _node([PAGEFIND_BYTES, bundle, batch], "Pagefind under Node (pagefind_bytes.mjs)")
    code = gzip9((bundle / "pagefind.js").read_bytes())
    return [
        {
            "lang": o["lang"],
            "query": o["query"],
            "total": o["total"],
            "shown": len(o["urls"]),
            "files": o["bytes"]["files"],
            "data": o["bytes"]["gzip"],
            "disk": o["bytes"]["disk"],
            "wasm": sum(f["gzip"] for f in o["files"] if f["name"].startswith("wasm.")),
            "code": code,
            "bytes": o["bytes"]["gzip"] + code,
        }
        for o in outs
    ]


def folder_bytes(folder: Path, skip: tuple[str, ...] = ()) -> int:
    """Every file under `folder` but those ending in `skip`, gzip level 9 of its content
    (pre-compressed files decompressed first), summed."""
    return sum(
        gzip9(_content(f.read_bytes()))
        for f in sorted(folder.rglob("*"))
        if f.is_file() and not f.name.endswith(skip)
    )


def _content(data: bytes) -> bytes:
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def index_bytes(site: Path, lang: str) -> int:
    """The whole search index of a language (every file under search/<lang>/), gzip level 9,
    summed."""
    return folder_bytes(site / "search" / lang)


def summary(project: list[dict], pagefind: list[dict]) -> dict:
    times = [ms for row in project for ms in row["ms"]]
    return {
        "query_bytes_median": round(statistics.median(r["bytes"] for r in project)),
        "query_bytes_max": max(r["bytes"] for r in project),
        "pagefind_query_bytes_median": round(statistics.median(r["bytes"] for r in pagefind)),
        "query_ms_p50": round(percentile(times, 0.50), 2),
        "query_ms_p95": round(percentile(times, 0.95), 2),
    }
