"""What a save writes, and whether it may: one item's files, merged, checked like `invoke check`.

Decap sends the files of the item it saves (`{"path", "raw"}`, both languages, as the page's
format wrote them). `prepare(repo, files, registry)` turns each into the file a careful person
would write: `type` from the folder and `lang` from the file name; the facts of the English
file copied from the Vietnamese one (a fact is entered once and cannot drift); only changed
lines changed (`merge.py`). It then reads every content file of the repository as `invoke check`
does, the edited ones as they would be, and runs the checks across files. It returns the files
whose text changed (a Vietnamese-only edit leaves the English file out, so `invoke status` still
sees it as older than its source) and the errors found in the edited files: any error, and
nothing may be written.
"""

from __future__ import annotations

import copy
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from portal.commands.check import content_files
from portal.content.checks import check_documents
from portal.content.documents import read_document
from portal.content.fields import describe
from portal.content.frontmatter import FrontMatterError, split_and_parse
from portal.content.problems import Problem, errors_only, problem
from portal.content.schema import SCHEMAS, SECTIONS
from portal.settings import project_settings
from portal.site.links import check_links

from .merge import write

KIND_OF = {section: kind for kind, section in SECTIONS.items()}
CONTENT_PATH = re.compile(
    r"^content/(?P<section>[a-z]+)/(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.(?P<lang>vi|en)\.md$"
)


class RefusedPath(ValueError):
    """A file outside the content folders: the editor never writes one."""


@dataclass
class Prepared:
    files: dict[str, str] = field(default_factory=dict)  # path -> text, only those that change
    problems: list[Problem] = field(default_factory=list)  # errors in the edited files

    def as_json(self) -> dict:
        return {"files": sorted(self.files), "problems": [problem_json(p) for p in self.problems]}


def problem_json(p: Problem) -> dict:
    match = CONTENT_PATH.match(p.path)
    return {
        "path": p.path,
        "lang": match["lang"] if match else "",
        "line": p.line,
        "field": p.field,
        "message": {"en": p.message, "vi": p.message_vi or p.message},
        "fix": {"en": p.fix, "vi": p.fix_vi or p.fix},
        "text": {"en": p.text("en"), "vi": p.text("vi")},
    }


def prepare(repo: Path, files: list[dict], registry) -> Prepared:
    """The texts to write for `files` (`[{"path", "raw"}]`) and the errors that forbid writing
    them."""
    out = Prepared()
    parsed: dict[str, tuple[dict, str]] = {}
    for item in files:
        path = item["path"]
        match = CONTENT_PATH.match(path)
        if not match or match["section"] not in KIND_OF:
            raise RefusedPath(
                f"the editor writes only content/<section>/<slug>.<vi|en>.md, not {path!r}"
            )
        try:
            front = split_and_parse(
                unicodedata.normalize("NFC", item["raw"])
            )  # what `invoke check --fix` would make of it
        except FrontMatterError as exc:
            out.problems.append(problem(path, exc.line, "", exc.message, exc.fix))
            continue
        data = dict(front.data)
        data["type"], data["lang"] = KIND_OF[match["section"]], match["lang"]
        parsed[path] = (data, front.body)
    if out.problems:
        return out
    for path in [
        p for p in parsed if p.endswith(".vi.md")
    ]:  # its facts may have changed: the English file follows
        en_path = path[: -len(".vi.md")] + ".en.md"
        if en_path not in parsed and (repo / en_path).exists():
            try:
                front = split_and_parse((repo / en_path).read_text(encoding="utf-8"))
            except FrontMatterError:
                continue
            parsed[en_path] = (front.data, front.body)
    _copy_facts_to_english(repo, parsed)
    texts = {}
    for path, (data, body) in parsed.items():
        old = repo / path
        old_text = old.read_text(encoding="utf-8") if old.exists() else None
        texts[path] = write(old_text, data, body, SCHEMAS[data["type"]])
        if texts[path] != old_text:
            out.files[path] = texts[path]
    out.problems = check_edited(repo, texts, registry)
    return out


def _copy_facts_to_english(repo: Path, parsed: dict[str, tuple[dict, str]]) -> None:
    """Every English file being saved takes its facts from the Vietnamese one (saved with it, or on
    disk)."""
    for path, (data, _) in parsed.items():
        if not path.endswith(".en.md"):
            continue
        vi_path = path[: -len(".en.md")] + ".vi.md"
        if vi_path in parsed:
            source = parsed[vi_path][0]
        elif (repo / vi_path).exists():
            try:
                source = split_and_parse((repo / vi_path).read_text(encoding="utf-8")).data
            except FrontMatterError:
                continue
        else:
            continue
        parsed[path] = (copy_facts(source, data, SCHEMAS[data["type"]]), parsed[path][1])


def copy_facts(vi: dict, en: dict, model) -> dict:
    """`en` with every fact of `model` taken from `vi` (in nested groups too, item by item).

    >>> from portal.content.schema import SCHEMAS
    >>> targets = [{"description": "Mô tả", "value": "95"}]
    >>> vi = {"issued": "2017-02-08", "title": "A", "targets": targets}
    >>> copy_facts(vi, {"title": "B", "targets": []}, SCHEMAS["plan"])
    {'title': 'B', 'issued': '2017-02-08', 'targets': [{'value': '95'}]}
    """
    en = dict(en)
    for name, info in model.model_fields.items():
        if name in ("type", "lang"):
            continue
        _, is_list, _, nested = describe(info.annotation, info.metadata)
        fact = bool((info.json_schema_extra or {}).get("fact"))
        if nested is not None and is_list and isinstance(vi.get(name), list):
            found = en.get(name)
            theirs: list = found if isinstance(found, list) else []
            items = [
                copy_facts(
                    v, theirs[i] if i < len(theirs) and isinstance(theirs[i], dict) else {}, nested
                )
                for i, v in enumerate(vi[name])
                if isinstance(v, dict)
            ]
            en[name] = items + theirs[len(items) :]
        elif nested is not None and isinstance(vi.get(name), dict):
            found = en.get(name)
            en[name] = copy_facts(vi[name], found if isinstance(found, dict) else {}, nested)
        elif fact and name in vi:
            en[name] = copy.deepcopy(vi[name])
        elif fact:
            en.pop(name, None)
    return {
        **{k: en[k] for k in model.model_fields if k in en},
        **{k: v for k, v in en.items() if k not in model.model_fields},
    }


def check_edited(repo: Path, texts: dict[str, str], registry) -> list[Problem]:
    """The errors `invoke check` would report in the files of `texts` if they were written."""
    content = repo / "content"
    with tempfile.TemporaryDirectory(prefix="editor-check-") as scratch:
        docs = []
        for path in texts:  # the edited files, as they would be (new ones too)
            source = Path(scratch) / path
            source.parent.mkdir(parents=True, exist_ok=True)
            source.write_text(texts[path], encoding="utf-8")
            docs.append(read_document(source, path))
        for file in content_files(content):
            path = file.relative_to(repo).as_posix()
            if path not in texts:
                docs.append(read_document(file, path))
        problems = [p for d in docs for p in d.problems] + check_documents(docs, registry)
        problems += check_links(docs, registry, project_settings()["PLUGINS"])
    return sorted(p for p in errors_only(problems) if p.path in texts)
