"""A national-scale fixture: a complete content tree of clearly fake but valid content.

`write_fixture(out, documents, seed)` writes `out/content/` — the real locality registry, the
shipped national hotlines and `documents` generated bilingual items (about 55 % plans, 15 %
campaigns, 15 % agencies, 10 % guidance, 5 % local hotlines) spread over the registry's
provinces and communes — and `out/settings.py` to build it with. Every generated title starts
with "[Mẫu] " / "[Sample] ", local hotlines use the fictional range 0999 000 xxx and sources
point to example.org. The same (documents, seed) always gives byte-identical files.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     write_fixture(Path(tmp), 20)["plans"]
11
"""

from __future__ import annotations

import datetime
import random
import re
import shutil
import unicodedata
from pathlib import Path
from typing import NamedTuple

import yaml

from portal.content.localities import Unit, load_registry

ROOT = Path(__file__).resolve().parents[1]
REGISTRY = ROOT / "content" / "data" / "localities"
SECTIONS = ("plans", "campaigns", "hotlines", "agencies", "guidance")
SHARES = {"campaign": 0.15, "agency": 0.15, "page": 0.10, "hotline": 0.05}  # plans take the rest
MARKER = ".fixture"  # marks a folder this module wrote, so that it may replace its content/


class Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """Digit-only strings (codes, numbers) are written in double quotes, as in the shipped
    content."""


Dumper.add_representer(
    str,
    lambda dumper, s: dumper.represent_scalar(
        "tag:yaml.org,2002:str", s, style='"' if s.isdigit() else None
    ),
)


class Tr(NamedTuple):
    """A text in both languages; `fill` formats both with the matching language of each value."""

    vi: str
    en: str

    def fill(self, **ctx) -> Tr:
        return Tr(
            *(
                getattr(self, lang).format(
                    **{k: getattr(v, lang) if isinstance(v, Tr) else v for k, v in ctx.items()}
                )
                for lang in ("vi", "en")
            )
        )


def _groups(text: str) -> dict[str, list[list[str]]]:
    """Phrase tables (`fixture_phrases.txt`): a '[name]' line starts a table, then one row a line,
    cells separated by ' | '."""
    groups: dict[str, list[list[str]]] = {}
    for line in text.strip().splitlines():
        if re.fullmatch(r"\[[a-z]+\]", line):
            rows = groups.setdefault(line[1:-1], [])
        else:
            rows.append([cell.strip() for cell in line.split(" | ")])
    return groups


PHRASES = _groups((Path(__file__).parent / "fixture_phrases.txt").read_text(encoding="utf-8"))
LANG = Tr("vi", "en")
TEXT = {key: Tr(vi, en) for key, vi, en in PHRASES["text"]}
OBJECTIVES, TARGETS, FOCUS, TASKS, THEMES, MESSAGES, HEADINGS, SENTENCES = (
    [Tr(*row) for row in PHRASES[name]]
    for name in (
        "objectives",
        "targets",
        "focus",
        "tasks",
        "themes",
        "messages",
        "headings",
        "sentences",
    )
)
# month | day | vi | en; topic | vi | en; key | level | vi | en
DEADLINES, GUIDES, KINDS = (
    PHRASES["deadlines"],
    PHRASES["guides"],
    PHRASES["kinds"],
)


def split(documents: int) -> dict[str, int]:
    """Items per type: 15 % campaigns and agencies (at least one), 10 % guidance, 5 % hotlines, the
    rest plans."""
    counts = {kind: round(documents * share) for kind, share in SHARES.items()}
    counts["agency"] = max(counts["agency"], 1 if documents else 0)
    return {"plan": max(0, documents - sum(counts.values())), **counts}


def _lower(name: str) -> str:
    return name[:1].lower() + name[1:]  # "Phường Hoàn Kiếm" -> "phường Hoàn Kiếm"


def place(unit: Unit, registry) -> Tr:
    """The unit as a sentence names it: 'tỉnh Cao Bằng' / 'Cao Bang Province', 'phường X, thành phố
    Hà Nội' / 'X Ward, Hanoi'."""
    if unit.kind in ("city", "province"):
        return Tr(
            f"{'thành phố' if unit.kind == 'city' else 'tỉnh'} {unit.name_vi}",
            unit.name_en if unit.kind == "city" else f"{unit.name_en} Province",
        )
    province = registry[unit.parent]
    return Tr(
        f"{_lower(unit.name_vi)}, {place(province, registry).vi}",
        f"{unit.name_en}, {province.name_en}",
    )


def committee(unit: Unit, registry, the: str = "the ") -> Tr:
    """The unit's People's Committee: 'UBND phường X (Hà Nội)' / 'the X Ward People's Committee
    (Hanoi)'."""
    if unit.kind in ("city", "province"):
        return Tr(f"UBND {place(unit, registry).vi}", f"{the}{unit.name_en} People's Committee")
    province = registry[unit.parent]
    return Tr(
        f"UBND {_lower(unit.name_vi)} ({province.name_vi})",
        f"{the}{unit.name_en} People's Committee ({province.name_en})",
    )


class World:
    """The registry, the provinces in use and their generated agencies, all drawn from one
    Random."""

    def __init__(self, rng: random.Random, agency_count: int, verified: datetime.date):
        self.rng, self.registry, self.verified = rng, load_registry(REGISTRY), verified
        units = sorted(self.registry.values(), key=lambda u: u.code)
        provinces = [u for u in units if u.kind in ("city", "province")]
        self.communes = {
            p.code: [u for u in units if u.parent == p.code and u.current] for p in provinces
        }
        self.provinces = sorted(
            rng.sample(provinces, max(1, min(len(provinces), agency_count // 3))),
            key=lambda u: u.code,
        )
        self.agencies: dict[str, list[dict]] = {p.code: [] for p in self.provinces}
        self._allocate(agency_count)

    def _allocate(self, count: int) -> None:
        """The first three kinds for every province, then half more departments, half commune
        committees."""
        slots = [(p, kind) for kind in KINDS[:3] for p in self.provinces][:count]
        slots += [(p, kind) for kind in KINDS[3:] for p in self.provinces][
            : (count - len(slots) + 1) // 2
        ]
        for p, (key, level, vi, en) in slots:
            parent = None if key == "ubnd" else f"mau-ubnd-{p.slug}"
            self._add(
                p,
                key,
                f"mau-{key}-{p.slug}",
                Tr(vi, en).fill(p=place(p, self.registry), P=p.name_en),
                p,
                level,
                parent,
            )
        left, n = count - len(slots), len(self.provinces)
        for i, p in enumerate(self.provinces):
            chosen = self.rng.sample(
                self.communes[p.code], min(left // n + (i < left % n), len(self.communes[p.code]))
            )
            for c in sorted(chosen, key=lambda u: u.code):
                self._add(
                    p,
                    "ubnd-xa",
                    f"mau-ubnd-{c.slug}-{c.code}",
                    committee(c, self.registry, the=""),
                    c,
                    "commune",
                    f"mau-ubnd-{p.slug}",
                )

    def _add(
        self,
        province: Unit,
        key: str,
        slug: str,
        name: Tr,
        unit: Unit,
        level: str,
        parent: str | None,
    ) -> None:
        self.agencies[province.code].append(
            {
                "key": key,
                "slug": slug,
                "name": name,
                "unit": unit,
                "level": level,
                "group": key == "ubnd-cap-xa",
                "parent": parent,
            }
        )

    def agency(self, province: Unit, key: str) -> dict:
        return next(
            (a for a in self.agencies[province.code] if a["key"] == key),
            self.agencies[province.code][0],
        )

    def where(self) -> tuple[Unit, Unit]:
        """A province in use and, half the time, one of its communes instead of itself."""
        province = self.rng.choice(self.provinces)
        communes = self.communes[province.code]
        return province, (
            self.rng.choice(communes) if communes and self.rng.random() < 0.5 else province
        )

    def plan_issuer(self, province: Unit) -> tuple[dict, Unit]:
        """A commune's own committee, the province's commune committees (for one commune) or the
        province's committee."""
        own, communes, roll = (
            [a for a in self.agencies[province.code] if a["key"] == "ubnd-xa"],
            self.communes[province.code],
            self.rng.random(),
        )
        if own and roll < 0.35:
            issuer = self.rng.choice(own)
            return issuer, issuer["unit"]
        if communes and roll < 0.7:
            return self.agency(province, "ubnd-cap-xa"), self.rng.choice(communes)
        return self.agency(province, "ubnd"), province

    def pick(self, pool: list, low: int, high: int) -> list:
        return self.rng.sample(pool, min(len(pool), self.rng.randint(low, high)))

    def duties(self, province: Unit, low: int = 2, high: int = 5) -> list[dict]:
        return [
            {"agencies": [a["slug"]], "tasks": self.pick(TASKS, 2, 5)}
            for a in self.pick(self.agencies[province.code], low, high)
        ]

    def deadlines(self, year: int, duties: list[dict], to: str) -> list[dict]:
        doers = [d["agencies"][0] for d in duties]
        chosen = sorted(self.pick(DEADLINES, 1, 3), key=lambda row: (int(row[0]), int(row[1])))
        return [
            {
                "date": datetime.date(year, int(m), int(d)),
                "what": Tr(vi, en),
                "by": [self.rng.choice(doers)],
                "to": to,
                "before": self.rng.random() < 0.5,
            }
            for m, d, vi, en in chosen
        ]

    def targets(self, low: int, high: int) -> list[dict]:
        return [
            {
                "description": d,
                "comparison": self.rng.choice([">=", ">", "="]),
                "value": self.rng.randint(50, 100),
                "unit": "%",
            }
            for d in self.pick(TARGETS, low, high)
        ]

    def body(self, **ctx) -> Tr:
        """Four to six paragraphs under two headings, then the note on sample data: 300–600
        words."""
        heads, count, blocks = self.rng.sample(HEADINGS, 2), self.rng.randint(4, 6), []
        for j in range(count):
            if j in (0, count // 2):
                blocks.append(heads[j > 0])
            sentences = [s.fill(**ctx) for s in self.rng.sample(SENTENCES, self.rng.randint(4, 5))]
            blocks.append(Tr(" ".join(s.vi for s in sentences), " ".join(s.en for s in sentences)))
        blocks += [TEXT["note_head"], TEXT["note"]]
        return Tr("\n\n".join(b.vi for b in blocks), "\n\n".join(b.en for b in blocks))


def head(kind: str, title: Tr, slug: str, summary: Tr) -> dict:
    return {"type": kind, "title": title, "slug": slug, "lang": LANG, "summary": summary}


def tail(section: str, slug: str, codes: list[str]) -> dict:
    return {
        "localities": codes,
        "sources": [
            {
                "url": f"https://example.org/fixture/{section}/{slug}",
                "title": TEXT["source"],
                "publisher": TEXT["publisher"],
            }
        ],
    }


def make_agency(w: World, a: dict) -> tuple:
    meta = head(
        "agency",
        TEXT["agency"].fill(name=a["name"]),
        a["slug"],
        TEXT["agency_summary"].fill(name=a["name"]),
    )
    meta |= {"level": a["level"], "group": a["group"], "parent": a["parent"]} | tail(
        "agencies", a["slug"], [a["unit"].code]
    )
    return (
        "agencies",
        meta,
        w.body(place=place(a["unit"], w.registry), year=w.rng.randint(2019, 2025)),
    )


def make_plan(w: World, i: int) -> tuple:
    province = w.rng.choice(w.provinces)
    issuer, unit = w.plan_issuer(province)
    start = w.rng.randint(2018, 2025)
    end = 2025 if start == 2021 and w.rng.random() < 0.5 else start
    years = (
        Tr(f"năm {start}", str(start))
        if start == end
        else Tr(f"giai đoạn {start}–{end}", f"{start}–{end}")
    )
    slug, where, duties, targets = (
        f"mau-ke-hoach-{i + 1:04d}-{unit.slug}-{start}",
        place(unit, w.registry),
        w.duties(province),
        w.targets(3, 6),
    )
    meta = head(
        "plan",
        TEXT["plan"].fill(y=years, who=committee(unit, w.registry)),
        slug,
        TEXT["plan_summary"].fill(p=where, n=len(targets), m=len(duties)),
    )
    meta |= {
        "number": f"{w.rng.randint(10, 250)}/KH-UBND",
        "issuer": issuer["slug"],
        "issued": datetime.date(start, w.rng.randint(1, 3), w.rng.randint(1, 28)),
        "period": {"start": start, "end": end},
        "status": "ended" if end < 2025 else "active",
        "objectives": w.pick(OBJECTIVES, 2, 4),
        "targets": targets,
        "focus_tasks": w.pick(FOCUS, 3, 6),
        "duties": duties,
        "deadlines": w.deadlines(end, duties, issuer["slug"]),
        "budget": TEXT["budget"],
        "reporting": TEXT["reporting"],
    }
    if unit is province and w.communes[province.code]:
        meta["places"] = [
            {
                "label": TEXT["places"],
                "localities": sorted(c.code for c in w.pick(w.communes[province.code], 2, 4)),
            }
        ]
    return "plans", meta | tail("plans", slug, [unit.code]), w.body(place=where, year=start)


def make_campaign(w: World, i: int) -> tuple:
    province, unit = w.where()
    year, where, issuer = (
        w.rng.randint(2019, 2025),
        place(unit, w.registry),
        w.agency(province, "ubnd")["slug"],
    )
    slug, duties = f"mau-chien-dich-{i + 1:04d}-{unit.slug}-{year}", w.duties(province, 2, 4)
    meta = head(
        "campaign",
        TEXT["campaign"].fill(y=year, p=where),
        slug,
        TEXT["campaign_summary"].fill(y=year, p=where),
    )
    meta |= {
        "theme": w.rng.choice(THEMES),
        "year": year,
        "day": datetime.date(year, 7, 30),
        "starts": datetime.date(year, 7, 1),
        "ends": datetime.date(year, 7, 31),
        "number": f"{w.rng.randint(10, 250)}/KH-BCĐ",
        "issuer": issuer,
        "awareness_days": ["national-day-against-trafficking", "world-day-against-trafficking"][
            : w.rng.randint(1, 2)
        ],
        "key_messages": w.pick(MESSAGES, 3, 4),
        "objectives": w.pick(OBJECTIVES, 2, 3),
        "targets": w.targets(0, 2),
        "duties": duties,
        "deadlines": [
            {
                "date": datetime.date(year, 8, 15),
                "what": TEXT["campaign_report"],
                "by": [duties[0]["agencies"][0]],
                "to": issuer,
            }
        ],
    }
    return "campaigns", meta | tail("campaigns", slug, [unit.code]), w.body(place=where, year=year)


def make_page(w: World, i: int) -> tuple:
    province = w.rng.choice(w.provinces)
    (topic, *title), where = GUIDES[i % len(GUIDES)], place(province, w.registry)
    slug = f"mau-huong-dan-{i + 1:04d}-{province.slug}"
    meta = head(
        "page", TEXT["page"].fill(t=Tr(*title), p=where), slug, TEXT["page_summary"].fill(p=where)
    )
    meta |= {"topic": topic, "order": 100 + i, "key_points": w.pick(MESSAGES, 3, 5)} | tail(
        "guidance", slug, [province.code]
    )
    return "guidance", meta, w.body(place=where, year=w.rng.randint(2019, 2025))


def make_hotline(w: World, i: int) -> tuple:
    _, unit = w.where()
    where, digits, slug = (
        place(unit, w.registry),
        f"0999000{i % 999 + 1:03d}",
        f"mau-duong-day-nong-{i + 1:04d}-{unit.slug}",
    )
    meta = head("hotline", TEXT["hotline"].fill(p=where), slug, TEXT["hotline_summary"])
    meta |= {
        "number": digits,
        "display": f"{digits[:4]} {digits[4:7]} {digits[7:]}",
        "tel": f"tel:{digits}",
        "operator": TEXT["operator"].fill(p=where),
        "hours": TEXT["hours"],
        "free": True,
        "scope": "local",
        "use_for": w.pick(MESSAGES, 1, 2),
        "verified": w.verified,
    }
    body = Tr(
        *(
            "\n\n".join(parts)
            for parts in zip(TEXT["note_head"], TEXT["note"], TEXT["hotline_note"], strict=True)
        )
    )
    return "hotlines", meta | tail("hotlines", slug, [unit.code]), body


def localise(value, lang: str):
    """The value with every Tr replaced by its text in `lang`, and empty (None) fields dropped."""
    if isinstance(value, Tr):
        return getattr(value, lang)
    if isinstance(value, dict):
        return {k: localise(v, lang) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [localise(v, lang) for v in value]
    return value


def render(meta: dict, body: Tr, lang: str) -> bytes:
    front = yaml.dump(
        localise(meta, lang), Dumper=Dumper, allow_unicode=True, sort_keys=False, width=100_000
    )
    return unicodedata.normalize("NFC", f"---\n{front}---\n\n{getattr(body, lang)}\n").encode(
        "utf-8"
    )


SETTINGS = '''"""Settings for a fixture site written by bench/fixture.py: the project's settings,
this content."""

from pathlib import Path

from portal.settings import inherit

HERE = Path(__file__).resolve().parent
REPO = Path({repo!r})
globals().update(inherit(REPO / "pelicanconf.py"))

PATH = str(HERE / "content")
LOCALITIES_DIR = str(HERE / "content" / "data" / "localities")
THEME = str(REPO / "themes" / "portal")
'''


def _prepare(out: Path) -> Path:
    """An empty out/content; refuses to replace a content/ folder this module did not write."""
    content = out / "content"
    if content.exists():
        if not (out / MARKER).exists():
            raise FileExistsError(
                f"{content} exists and was not written by the fixture generator: choose "
                "another folder"
            )
        shutil.rmtree(content)
    for folder in (*SECTIONS, "data/localities"):
        (content / folder).mkdir(parents=True)
    (out / MARKER).write_text(
        "Written by bench/fixture.py, which may replace content/ here.\n", encoding="utf-8"
    )
    return content


def _copy_shipped(content: Path) -> tuple[int, datetime.date]:
    """Copy the registry (with its README: sources and licence) and the national hotlines;
    return their count and newest check date."""
    for source in [*sorted(REGISTRY.glob("*.csv")), REGISTRY / "README.md"]:
        shutil.copyfile(source, content / "data" / "localities" / source.name)
    texts = {
        f: f.read_text(encoding="utf-8")
        for f in sorted((ROOT / "content" / "hotlines").glob("*.md"))
    }
    national = [f for f, text in texts.items() if re.search(r"^scope: national$", text, re.M)]
    for f in national:
        shutil.copyfile(f, content / "hotlines" / f.name)
    dates = [
        d for f in national for d in re.findall(r"^verified: (\d{4}-\d{2}-\d{2})$", texts[f], re.M)
    ]
    return len(national) // 2, max(
        map(datetime.date.fromisoformat, dates), default=datetime.date(2025, 7, 1)
    )


def write_fixture(out: Path, documents: int, seed: int = 1) -> dict:
    """Write the fixture site into `out`; return what it holds (items per section, places,
    files)."""
    out = Path(out).resolve()
    content, counts = _prepare(out), split(documents)
    national, verified = _copy_shipped(content)
    w = World(random.Random(seed), counts["agency"], verified)
    items = [make_agency(w, a) for p in w.provinces for a in w.agencies[p.code]]
    for kind, make in (
        ("plan", make_plan),
        ("campaign", make_campaign),
        ("page", make_page),
        ("hotline", make_hotline),
    ):
        items += [make(w, i) for i in range(counts[kind])]
    for section, meta, body in items:
        for lang in ("vi", "en"):
            (content / section / f"{meta['slug']}.{lang}.md").write_bytes(render(meta, body, lang))
    (out / "settings.py").write_text(SETTINGS.format(repo=str(ROOT)), encoding="utf-8")
    codes = {code for _, meta, _ in items for code in meta["localities"]}
    summary = {section: sum(item[0] == section for item in items) for section in SECTIONS}
    return summary | {
        "national_hotlines": national,
        "provinces": len(w.provinces),
        "communes": sum(len(c) == 5 for c in codes),
        "files": 2 * (len(items) + national),
        "out": str(out),
    }
