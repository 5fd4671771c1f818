"""Relevance of the site search on a graded set: ours against Pagefind, over the same built site.

`invoke relevance` (or `python -m bench.relevance [--output output]`) runs every query of
`bench/relevance.yaml` through the browser engine under Node (plugins/search/cli.mjs, the
query as typed, as the search box runs it) and through Pagefind's own engine
(bench/pagefind_bytes.mjs), and prints per engine:

- nDCG@5: the discounted gain of the first five results (gain = grade, 2 or 1; log2 discount),
  over the best order of the graded pages;
- MRR@10: 1 / rank of the first relevant result (grade ≥ 1) in the first ten, else 0;
- answer@1: the share of queries whose first result is an answer (grade 2);
- misses: the queries without a relevant page in their first ten.

Pagefind is run as a careful user would: it indexes only each page's main content
(`--root-selector main`) and no print views (a copy of the site without the `poster/` and
`flyer/` pages). A result pointing inside a page (`calendar/#…`) counts as that page, once.
The figures are written to bench/relevance.json; bench/RESULTS.md shows them.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SET = Path(__file__).resolve().parent / "relevance.yaml"
RESULTS = Path(__file__).resolve().parent / "relevance.json"
CLI = ROOT / "plugins" / "search" / "cli.mjs"
PAGEFIND = Path(__file__).resolve().parent / "pagefind_bytes.mjs"
PRINT_VIEWS = ("poster", "flyer")


def load_set(path: Path = SET) -> list[dict]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    for entry in entries:
        entry["typed"] = (
            unicodedata.normalize("NFD", entry["q"]) if entry.get("nfd") else entry["q"]
        )
    return entries


def page_of(url: str) -> str:
    """A result's page: no leading slash, no fragment, no index.html."""
    url = url.split("#")[0].lstrip("/")
    return url[: -len("index.html")] if url.endswith("index.html") else url


def pages(urls: list[str]) -> list[str]:
    """The pages of a result list, each once, in order."""
    seen, out = set(), []
    for url in map(page_of, urls):
        if url not in seen:
            seen.add(url)
            out.append(url)
    return out


def ndcg(found: list[str], grades: dict[str, int], k: int = 5) -> float:
    """
    >>> ndcg(["a", "b"], {"a": 2, "b": 1}), round(ndcg(["b", "a"], {"a": 2, "b": 1}), 3)
    (1.0, 0.86)
    """
    dcg = sum(grades.get(url, 0) / math.log2(rank + 2) for rank, url in enumerate(found[:k]))
    ideal = sum(
        g / math.log2(rank + 2) for rank, g in enumerate(sorted(grades.values(), reverse=True)[:k])
    )
    return dcg / ideal if ideal else 0.0


def reciprocal_rank(found: list[str], grades: dict[str, int], k: int = 10) -> float:
    return next(
        (1 / (rank + 1) for rank, url in enumerate(found[:k]) if grades.get(url, 0) > 0), 0.0
    )


def score(entries: list[dict], results: list[list[str]]) -> dict:
    rows = []
    for entry, urls in zip(entries, results, strict=True):
        found, grades = pages(urls), entry["relevant"]
        rows.append(
            {
                "q": entry["q"],
                "lang": entry["lang"],
                "kind": entry["kind"],
                "ndcg5": ndcg(found, grades),
                "rr10": reciprocal_rank(found, grades),
                "answer1": bool(found) and grades.get(found[0], 0) == 2,
                "first": found[0] if found else "",
            }
        )
    n = len(rows) or 1
    return {
        "ndcg5": round(sum(r["ndcg5"] for r in rows) / n, 3),
        "mrr10": round(sum(r["rr10"] for r in rows) / n, 3),
        "answer1": round(sum(r["answer1"] for r in rows) / n, 3),
        "misses": [r["q"] for r in rows if r["rr10"] == 0],
        "queries": rows,
    }


def ours(site: Path, entries: list[dict], work: Path) -> list[list[str]]:
    batch = work / "ours.json"
    batch.write_text(
        json.dumps(
            [{"query": e["typed"], "lang": e["lang"], "limit": 10} for e in entries],
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    done = subprocess.run(
        ["node", str(CLI), "--root", str(site), "--batch", str(batch)],
        capture_output=True,
        text=True,
        check=True,
    )
    return [[r["url"] for r in out["results"]] for out in json.loads(done.stdout)]


def pagefind(site: Path, entries: list[dict], work: Path) -> list[list[str]]:
    copy, bundle = work / "site", work / "pagefind"
    for page in site.rglob("*.html"):
        rel = page.relative_to(site)
        if not set(rel.parts) & set(PRINT_VIEWS):
            (copy / rel).parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(page, copy / rel)  # Pagefind only reads it
            except OSError:
                shutil.copyfile(page, copy / rel)
    cmd = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(copy),
        "--output-path",
        str(bundle),
        "--root-selector",
        "main",
        "--silent",
    ]
    subprocess.run(cmd, capture_output=True, text=True, check=True)
    batch = work / "theirs.json"
    batch.write_text(
        json.dumps(
            [{"query": e["typed"], "lang": e["lang"], "limit": 10} for e in entries],
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    done = subprocess.run(
        ["node", str(PAGEFIND), str(bundle), str(batch)], capture_output=True, text=True, check=True
    )
    return [out["urls"] for out in json.loads(done.stdout)]


def evaluate(site: Path, with_pagefind: bool = True) -> dict:
    entries = load_set()
    with tempfile.TemporaryDirectory(prefix="relevance-") as tmp:
        work = Path(tmp)
        figures = {"queries": len(entries), "ours": score(entries, ours(site, entries, work))}
        if with_pagefind:
            figures["pagefind"] = score(entries, pagefind(site, entries, work))
    return figures


def report(figures: dict, verbose: bool = False) -> str:
    lines = [
        f"{figures['queries']} graded queries (bench/relevance.yaml)",
        f"{'':10} {'nDCG@5':>7} {'MRR@10':>7} {'answer@1':>9} {'misses':>7}",
    ]
    for name in ("ours", "pagefind"):
        if name in figures:
            f = figures[name]
            lines.append(
                f"{name:10} {f['ndcg5']:7.3f} {f['mrr10']:7.3f} {f['answer1']:9.1%} "
                f"{len(f['misses']):7}"
            )
    if verbose:
        for name in ("ours", "pagefind"):
            for row in figures.get(name, {}).get("queries", []):
                if not row["answer1"]:
                    lines.append(
                        f"  {name}: {row['q']!r} ({row['lang']}) nDCG@5 "
                        f"{row['ndcg5']:.2f}, first: {row['first'] or '—'}"
                    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", default=str(ROOT / "output"))
    parser.add_argument("--no-pagefind", action="store_true")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--save", action="store_true", help="write bench/relevance.json")
    args = parser.parse_args(argv)
    figures = evaluate(Path(args.output), not args.no_pagefind)
    print(report(figures, args.verbose))
    if args.save:
        figures["when"] = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
        RESULTS.write_text(
            json.dumps(figures, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    return figures


if __name__ == "__main__":
    main()
