"""Rebuilding the search index: a rebuild after one edit analyses that document only, writes only
the files that changed, and gives exactly what a build from nothing gives; the whoosh reference
follows the new output."""

from __future__ import annotations

import errno
import json
import logging
import os
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench.fixture import write_fixture
from plugins.search import export as export_module
from plugins.search.analysis import keys
from plugins.search.cache import doc_key
from plugins.search.entries import Before, encoded
from plugins.search.export import Cuts, export, record_file
from plugins.search.reference import open_reference, records, reference_search
from plugins.search.search_index import reference_dir
from plugins.search.searchdoc import kept
from plugins.search.terms import Words
from plugins.search.worker import Job, finish, run, start, still_running
from portal.engine.build import build, cache_dir

PLACES = {"LOCALITY_PROVINCES": ["12"]}  # Lai Châu: the province with the fewest communes
NEW_WORD = "chimsẻđồng"  # found nowhere in the fixture


ROOT = Path(__file__).resolve().parents[3]


def search_files(output: Path) -> dict[str, bytes]:
    return {
        p.relative_to(output).as_posix(): p.read_bytes()
        for p in sorted((output / "search").rglob("*.json"))
    }


def analysed(caplog) -> tuple[int, int]:
    """(documents, documents analysed) from the last build's log."""
    found = re.findall(r"search index: (\d+) documents, (\d+) analysed", caplog.text)
    assert found, caplog.text
    documents, analysed = found[-1]
    return int(documents), int(analysed)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("search-cache")
    write_fixture(folder, 12, seed=7)
    build(folder / "settings.py", folder / "output", PLACES)
    return folder


def test_the_build_keeps_the_documents_not_a_whoosh_index(site):
    for lang in ("vi", "en"):
        assert sorted(p.name for p in (reference_dir(site / "output") / lang).iterdir()) == [
            "documents-digest",
            "documents.json",
            "manifest-version",
        ]


def test_a_rebuild_of_the_same_site_takes_the_last_builds_documents(site, capfd):
    """The documents' memo (`search-docs-<lang>.pickle`) is read back whole: a rebuild with no
    change makes no document again, so it leaves the file as it was, and says nothing of it."""
    memos = sorted(cache_dir(site / "output").glob("search-docs-*.pickle"))
    assert [p.name for p in memos] == ["search-docs-en.pickle", "search-docs-vi.pickle"]
    written = [p.stat().st_mtime_ns for p in memos]
    capfd.readouterr()
    build(site / "settings.py", site / "output", PLACES)
    assert "notice" not in capfd.readouterr().err
    assert [p.stat().st_mtime_ns for p in memos] == written


def test_a_rebuild_after_one_edit_analyses_one_document_and_equals_a_cold_build(
    site, tmp_path, caplog
):
    output = site / "output"
    open_reference(output, "vi")  # a whoosh index of the documents before the edit
    before = search_files(output)
    inodes = {rel: (output / rel).stat().st_ino for rel in before}
    plan = sorted((site / "content" / "plans").glob("*.vi.md"))[0]
    plan.write_text(
        plan.read_text(encoding="utf-8") + f"\nMột câu mới về {NEW_WORD}.\n", encoding="utf-8"
    )

    caplog.set_level(logging.INFO, logger="plugins.search.search_index")
    build(site / "settings.py", output, PLACES)
    documents, count = analysed(caplog)
    assert count == 1 and documents > 100
    after = search_files(output)
    assert after == search_files(build(site / "settings.py", tmp_path / "cold", PLACES))
    # a build from nothing analyses every document
    assert analysed(caplog) == (
        documents,
        documents,
    )

    hits = reference_search(open_reference(output, "vi"), NEW_WORD, "vi")
    assert (
        len(hits) == 1
        and records(output, "vi", hits)[0]["url"] == f"plans/{plan.name.split('.')[0]}/"
    )

    changed = {rel for rel, data in after.items() if before.get(rel) != data}
    shards = {rel for rel in after if rel.startswith("search/vi/t/")}
    groups = {rel for rel in after if rel.startswith("search/vi/d/")}
    manifest_records = json.loads(after["search/vi/manifest.json"])["records"]
    own_records = f"search/vi/r/{record_file(manifest_records, hits[0][0])}.json"
    assert "search/vi/manifest.json" in changed
    # no filter, no other records, nothing in English
    assert changed - shards - groups <= {
        "search/vi/manifest.json",
        own_records,
    }
    assert 0 < len(changed & shards) < len(shards)
    assert all(
        (output / rel).stat().st_ino == inodes[rel] for rel in after if rel not in changed
    ), "unchanged files are left alone"


def _kept_docs(output: Path, lang: str) -> list:
    """The documents the site in `output` indexed in `lang`, as the build kept them."""
    version = json.loads((output / "search" / lang / "manifest.json").read_text(encoding="utf-8"))[
        "version"
    ]
    docs = kept(reference_dir(output) / lang, version)
    assert docs is not None
    return docs


def test_the_index_holds_one_language_at_a_time_and_caches_each_in_its_own_file(
    search_site, tmp_path
):
    docs = {lang: _kept_docs(search_site, lang) for lang in ("vi", "en")}
    cache = tmp_path / "cache"
    cache.mkdir()
    seen = tmp_path / "seen.jsonl"  # what each language's process saw: it may be a forked child

    def make_docs(lang: str) -> list:
        written = sorted(p.name for p in cache.glob("search-terms-*"))
        with seen.open("a") as out:
            out.write(json.dumps([lang, os.getpid(), written]) + "\n")
        return docs[lang]

    def index(out: str) -> dict:
        job = Job({"vi": [], "en": []}, out, out, {}, str(cache), str(tmp_path / "reference"))
        return run(job, make_docs)

    first = index(str(tmp_path / "first"))
    rows = [json.loads(line) for line in seen.read_text().splitlines()]
    # English is made only once Vietnamese is exported and its cache written
    assert [(lang, written) for lang, _pid, written in rows] == [
        ("vi", []),
        ("en", ["search-terms-vi.pickle"]),
    ]
    assert first["documents"] == len(docs["vi"]) + len(docs["en"])
    # documents of the same title and body are analysed once
    assert first["analysed"] == sum(len({doc_key(lang, d) for d in docs[lang]}) for lang in docs)
    shards = {
        rel: data
        for rel, data in search_files(search_site).items()
        if rel.startswith(("search/vi/t/", "search/en/t/"))
    }
    assert shards and all(
        search_files(tmp_path / "first")[rel] == data for rel, data in shards.items()
    )

    stamps = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    again = index(str(tmp_path / "again"))  # each language's terms from its own file
    assert again["analysed"] == 0 and again["documents"] == first["documents"]
    assert search_files(tmp_path / "again") == search_files(tmp_path / "first")
    assert {p.name: p.stat().st_mtime_ns for p in cache.iterdir()} == stamps  # nothing to save


def test_the_export_reads_no_body_and_the_documents_are_kept_whole(
    search_site, tmp_path, monkeypatch
):
    """Once its terms are made and it is kept, a page's text is let go (`worker.without_bodies`):
    the export gets documents with empty bodies and writes what the build wrote."""
    from plugins.search import export as export_module

    docs = _kept_docs(search_site, "vi")
    bodies = tmp_path / "bodies.json"  # the export may run in a forked child
    real = export_module.export

    def export(docs, *args, **kwargs):
        bodies.write_text(json.dumps(sorted({doc.body for doc in docs})))
        return real(docs, *args, **kwargs)

    monkeypatch.setattr(export_module, "export", export)
    built = json.loads((search_site / "search/vi/manifest.json").read_text(encoding="utf-8"))
    out = tmp_path / "out"
    job = Job({"vi": []}, str(out), str(out), {}, None, str(tmp_path / "ref"))
    job.aliases = {"vi": built["aliases"]}
    run(job, {"vi": docs}.__getitem__)
    assert json.loads(bodies.read_text()) == [""]
    assert any(doc.body for doc in docs)
    manifest = json.loads((out / "search/vi/manifest.json").read_text(encoding="utf-8"))
    assert manifest == built
    assert kept(tmp_path / "ref" / "vi", manifest["version"]) == docs
    site = search_files(search_site)
    assert search_files(out) == {rel: b for rel, b in site.items() if rel.startswith("search/vi/")}


def test_each_language_is_indexed_in_a_process_of_its_own(search_site, tmp_path):
    """A process with one thread indexes each language in a forked child (`worker._apart`), so
    that the memory one language's objects leave behind does not add to the next one's; the
    files are those of indexing in one process (this test's, which may have threads)."""
    docs = tmp_path / "docs.pickle"
    docs.write_bytes(pickle.dumps({lang: _kept_docs(search_site, lang) for lang in ("vi", "en")}))
    script = f"""
import json, os, pickle, sys
from plugins.search.worker import Job, run
docs = pickle.loads(open({str(docs)!r}, "rb").read())
def make_docs(lang):
    print(json.dumps([lang, os.getpid()]), flush=True)
    return docs[lang]
out = {str(tmp_path / "apart")!r}
job = Job({{"vi": [], "en": []}}, out, out, {{}}, {str(tmp_path / "c1")!r}, out + "-ref")
made = run(job, make_docs)
print(json.dumps([os.getpid(), len(made["tree"]["files"]), made["documents"]]))
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    )
    *langs, (own, files, documents) = [json.loads(line) for line in done.stdout.splitlines()]
    assert [lang for lang, _pid in langs] == ["vi", "en"]
    assert len({pid for _lang, pid in langs} | {own}) == 3
    out = str(tmp_path / "here")
    job = Job({"vi": [], "en": []}, out, out, {}, str(tmp_path / "c2"), out + "-ref")
    here = run(job, pickle.loads(docs.read_bytes()).__getitem__)
    assert (files, documents) == (len(here["tree"]["files"]), here["documents"])
    assert search_files(tmp_path / "apart") == search_files(tmp_path / "here")


def test_a_language_process_that_fails_fails_the_index_with_its_error(tmp_path):
    """A full disk stays an OSError (the interpreter prints one line for it); any other error is
    printed with its traceback where it happened, and raised again in the interpreter."""
    script = f"""
import errno, sys
from plugins.search.worker import Job, run
def make_docs(lang):
    if sys.argv[1] == "disk":
        raise OSError(errno.ENOSPC, "No space left on device", "search/vi/t/0.json")
    raise ValueError("a bug in the index")
out = {str(tmp_path / "out")!r}
job = Job({{"vi": [], "en": []}}, out, out, {{}}, {str(tmp_path / "c")!r}, out + "-ref")
try:
    run(job, make_docs)
except OSError as exc:
    print("OSError", exc.errno, exc.filename)
except RuntimeError as exc:
    print("RuntimeError", exc)
"""
    for case in ("disk", "bug"):
        done = subprocess.run(
            [sys.executable, "-c", script, case], capture_output=True, text=True, cwd=ROOT
        )
        assert done.returncode == 0, done.stderr
        if case == "disk":
            assert done.stdout.split() == ["OSError", str(errno.ENOSPC), "search/vi/t/0.json"]
            assert "Traceback" not in done.stderr
        else:
            assert done.stdout.strip() == "RuntimeError ValueError: a bug in the index"
            assert "Traceback" in done.stderr and "in make_docs" in done.stderr


def test_a_forked_index_process_hands_its_documents_to_a_new_interpreter(search_site, tmp_path):
    """Forked, the index's process makes the documents, then becomes `python -m plugins.search`
    (a forked child that indexed on held copies of the build's pages); it writes what indexing
    in this process writes, and leaves no job file."""
    import time

    docs = {lang: _kept_docs(search_site, lang) for lang in ("vi", "en")}
    made: list[str] = []

    def make_docs(lang: str) -> list:
        made.append(lang)
        return docs[lang]

    def job(out: str, cache: Path) -> Job:
        cache.mkdir()
        return Job({"vi": [], "en": []}, out, out, {}, str(cache), str(tmp_path / out))

    running = start(job(str(tmp_path / "forked"), tmp_path / "c1"), fork=True, make_docs=make_docs)
    commands = set()
    while still_running(running):
        try:
            commands.add(Path(f"/proc/{running[0]}/cmdline").read_bytes())
        except OSError:  # ended between the question and the read
            break
        time.sleep(0.002)
    result = finish(running)
    assert any(b"\0-m\0plugins.search\0" in command for command in commands), commands
    assert made == []  # made in the child
    assert result["documents"] == len(docs["vi"]) + len(docs["en"]) and result["forked"]
    assert list((tmp_path / "c1").glob("search-job-*")) == []
    run(job(str(tmp_path / "here"), tmp_path / "c2"), docs.__getitem__)
    assert search_files(tmp_path / "forked") == search_files(tmp_path / "here") != {}


@pytest.fixture
def vi_terms(search_site) -> tuple[list, list]:
    """The fixture site's Vietnamese documents, and their terms."""
    version = json.loads(
        (search_site / "search" / "vi" / "manifest.json").read_text(encoding="utf-8")
    )["version"]
    docs = kept(reference_dir(search_site) / "vi", version)
    assert docs is not None
    words = Words("vi")
    return docs, [words.terms(d.title, d.body) for d in docs]


def test_entries_encoded_again_for_the_changed_documents_only_equal_a_full_encoding(vi_terms):
    docs, terms = vi_terms
    words = Words("vi")
    before = Before(terms, encoded(terms, "vi"))
    edited, emptied, swapped = list(terms), list(terms), list(terms)
    edited[3] = words.terms(docs[3].title, docs[3].body + f" {NEW_WORD} mua bán")
    emptied[5] = words.terms("", "")  # its words that no other document has leave the dictionary
    swapped[0], swapped[1] = terms[1], terms[0]
    # one word for another: the same lengths, other counts (`entries._changed`)
    reworded = list(terms)
    words_of = docs[4].body.split()
    reworded[4] = words.terms(docs[4].title, " ".join([NEW_WORD, *words_of[1:]]))
    assert reworded[4].lengths == terms[4].lengths
    for changed in (edited, emptied, swapped, reworded, terms):
        assert encoded(changed, "vi", before) == encoded(changed, "vi")
    assert keys(NEW_WORD, "vi")[0] in encoded(edited, "vi", before)


def _export(docs, terms, last: dict | None = None, gone: str = "") -> tuple[dict, Cuts, list]:
    """An export of `docs` with heads of 8 documents (most common keys cut), taking what it can
    from the `last` one's cuts and files, whose file `gone` is not in the output: (the files of
    the export, written and carried over, its cuts, the files carried over as (rel, key))."""
    files: dict[str, str] = {}
    carried: list[tuple[str, str]] = []

    def write(rel: str, data: str | bytes, key: str = "") -> None:
        files[rel] = data.decode() if isinstance(data, bytes) else data

    def carry(rel: str, key: str) -> bool:
        if last is None or rel not in last["files"] or rel == gone:
            return False
        carried.append((rel, key))
        files[rel] = last["files"][rel]
        return True

    cuts = Cuts(last["cuts"] if last else {}, carry)
    export(docs, terms, encoded(terms, "vi"), "vi", write, head=8, cuts=cuts)
    return files, cuts, carried


@pytest.fixture
def cut_before(vi_terms):
    docs, terms = vi_terms
    files, cuts, _ = _export(docs, terms)
    return docs, terms, {"files": files, "cuts": cuts.made}


@pytest.fixture
def cut_again(monkeypatch) -> list:
    """The entries `export._cut` is given from now on."""
    entries: list = []
    real_cut = export_module._cut

    def cut(entry, *args):
        entries.append(entry)
        return real_cut(entry, *args)

    monkeypatch.setattr(export_module, "_cut", cut)
    return entries


def test_a_key_whose_entry_and_averages_are_as_before_is_not_cut_again(cut_before, cut_again):
    docs, terms, last = cut_before
    made = last["cuts"]
    cut_keys = [key for key, (whole, cut, _tails) in made["keys"].items() if cut != whole]
    assert len(cut_keys) > 50
    files, cuts, carried = _export(docs, terms, last)
    assert files == last["files"]
    assert cut_again == [] and cuts.made == made
    tails = {
        f"search/vi/p/{name}.json" for _w, _c, names in made["keys"].values() for name in names
    }
    assert {rel for rel, _key in carried} == tails
    assert all(rel == f"search/vi/p/{key}.json" for rel, key in carried)

    # an edit: the keys it touches are cut again, the others taken; the files are a cold export's
    edited = list(terms)
    edited[3] = Words("vi").terms(docs[3].title, docs[3].body + " mua bán người")
    warm = _export(docs, edited, last)[0]
    assert 0 < len(cut_again) < len(cut_keys) / 2
    assert warm == _export(docs, edited)[0]

    # a tail file gone from the output: its key is cut again
    cut_again.clear()
    gone = next(f"search/vi/p/{names[0]}.json" for _w, _c, names in made["keys"].values() if names)
    assert _export(docs, terms, last, gone)[0] == last["files"]
    assert len(cut_again) == 1


def test_other_averages_cut_every_key_again(cut_before, cut_again):
    docs, terms, last = cut_before
    basis = last["cuts"]["basis"]
    averages = [[name, value * 2] for name, value in basis[1]]
    moved = {**last, "cuts": {**last["cuts"], "basis": [basis[0], averages, *basis[2:]]}}
    assert _export(docs, terms, moved)[0] == last["files"]
    assert len(cut_again) == len(last["cuts"]["keys"])


def test_still_running_asks_without_reaping_the_indexing_process():
    """The build asks between blocks of pages whether the index's process still runs
    (`portal.engine.produce`); `finish` must still find its exit code afterwards."""
    import subprocess
    import sys
    import time

    go_read, go_write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the forked indexing process, as `start(fork=True)` makes it
        os.read(go_read, 1)
        os._exit(3)
    assert still_running((pid, None, ""))
    os.write(go_write, b"x")
    deadline = time.monotonic() + 30
    while still_running((pid, None, "")) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not still_running((pid, None, ""))
    assert os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 3  # not reaped by the question
    assert not still_running((pid, None, ""))  # reaped now: ended
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    assert not still_running((process, "", ""))
