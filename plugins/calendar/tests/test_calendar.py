"""The calendar: an iCalendar feed, a calendar page and one page per year, per language, built from
the fixture site.

Two builds giving identical bytes (the feed included) is tests/test_determinism.py, which
compares the whole output tree.
"""

from __future__ import annotations

import datetime
import shutil
from types import SimpleNamespace

import pytest
from icalendar import Calendar

from conftest import FIXTURE, ROOT, build_fixture, parse
from plugins.calendar.awareness import parse_days
from plugins.calendar.events import MESSAGES, Writer, campaign_events, reference_date
from plugins.calendar.ics import calendar_bytes
from portal.content.problems import ContentError
from portal.content.schema import SCHEMAS

FEEDS = {"vi": "calendar.ics", "en": "en/calendar.ics"}
PREFIX = {"vi": "", "en": "en/"}
PAGES = {"vi": "calendar/index.html", "en": "en/calendar/index.html"}
OTHER = {"vi": "en", "en": "vi"}
DEADLINE = datetime.date(2025, 6, 17)
NEWEST_CONTENT_DATE = datetime.date(2026, 11, 23)  # the fixture hotline's `verified`


def feed(site, lang) -> Calendar:
    return Calendar.from_ical((site / FEEDS[lang]).read_bytes())


def events(site, lang) -> list:
    return list(feed(site, lang).walk("VEVENT"))


def on(site, lang, day: datetime.date) -> list:
    return [e for e in events(site, lang) if e.decoded("dtstart") == day]


def year_page(lang: str, year: int) -> str:
    return f"{PREFIX[lang]}calendar/{year}/index.html"


def year_items(site, lang) -> list[tuple[int, str, str]]:
    """(year of the page, first date, heading) of every item on every year page (and the numbered
    pages of a year with many dates: plugins/listings/tests/test_pagination.py)."""
    found = []
    folder = site / PREFIX[lang] / "calendar"
    for page in sorted([*folder.glob("*/index.html"), *folder.glob("*/page/*/index.html")]):
        for item in parse(page).select("main .item-list > li"):
            found.append(
                (
                    int(page.relative_to(folder).parts[0]),
                    item.find("time")["datetime"],
                    item.find("h3").get_text(strip=True),
                )
            )
    return found


def heading_levels(soup) -> list[int]:
    return [
        int(h.name[1]) for h in soup.select("main h1, main h2, main h3, main h4, main h5, main h6")
    ]


def resolve(page, href: str):
    target = (page.parent / href).resolve()
    return target / "index.html" if href.endswith("/") else target


# Two more deadlines of the sample plan: the last day of the twelve months ahead of 1 January 2025,
# and the day after.
LATER_DEADLINES = {
    "vi": ("Gửi kế hoạch quý I", "Gửi danh sách học viên"),
    "en": ("Send the first-quarter plan", "Send the list of trainees"),
}


def replace_in(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="session")
def site_before_deadline(tmp_path_factory):
    """The fixture built as if on 1 January 2025 (the 17 June 2025 deadline is still ahead),
    its campaign given a period of activities, 1–31 July 2024, its plan two more deadlines,
    on 1 and 2 January 2026."""
    root = tmp_path_factory.mktemp("calendar")
    shutil.copytree(FIXTURE / "content", root / "content")
    for lang in ("vi", "en"):
        replace_in(
            root / "content" / "campaigns" / f"chien-dich-mau.{lang}.md",
            "day: 2024-07-30\n",
            "day: 2024-07-30\nstarts: 2024-07-01\nends: 2024-07-31\n",
        )
        first, second = LATER_DEADLINES[lang]
        later = (
            f"  - date: 2026-01-01\n    what: {first}\n  - date: 2026-01-02\n    what: {second}\n"
        )
        replace_in(
            root / "content" / "plans" / f"ke-hoach-mau.{lang}.md",
            "    to: ubnd-mau\n",
            "    to: ubnd-mau\n" + later,
        )
    return build_fixture(root / "output", content=root / "content", CALENDAR_TODAY="2025-01-01")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_feed_is_rfc5545_and_parses_back(fixture_site, lang):
    raw = (fixture_site / FEEDS[lang]).read_bytes()
    lines = raw.split(b"\r\n")
    assert lines[0] == b"BEGIN:VCALENDAR" and lines[-2] == b"END:VCALENDAR" and lines[-1] == b""
    assert all(len(line) <= 75 for line in lines), "content lines must be folded at 75 octets"
    cal = feed(fixture_site, lang)
    assert str(cal["version"]) == "2.0" and cal["prodid"]
    assert not cal.errors and all(not e.errors for e in cal.walk())
    found = events(fixture_site, lang)
    assert found
    for event in found:
        for name in ("uid", "dtstamp", "dtstart", "dtend", "summary", "url"):
            assert name in event, (name, event.get("summary"))
    uids = [str(e["uid"]) for e in found]
    assert len(uids) == len(set(uids))


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_events_are_sorted_by_date_then_uid(fixture_site, lang):
    keys = [(e.decoded("dtstart"), str(e["uid"])) for e in events(fixture_site, lang)]
    assert keys == sorted(keys)


@pytest.mark.parametrize(
    ("lang", "names"),
    [
        (
            "vi",
            {
                "Ngày toàn dân phòng, chống mua bán người",
                "Ngày thế giới phòng, chống mua bán người",
            },
        ),
        (
            "en",
            {
                "National Day against Human Trafficking (Viet Nam)",
                "World Day against Trafficking in Persons",
            },
        ),
    ],
)
def test_30_july_is_a_yearly_event(fixture_site, lang, names):
    yearly = [e for e in events(fixture_site, lang) if e.get("rrule")]
    july_30 = {
        str(e["summary"])
        for e in yearly
        if (e.decoded("dtstart").month, e.decoded("dtstart").day) == (7, 30)
    }
    assert july_30 == names
    assert all(e["rrule"]["FREQ"] == ["YEARLY"] for e in yearly)


def test_action_month_covers_june_and_says_the_source_gives_no_days(fixture_site):
    [month] = [
        e for e in events(fixture_site, "en") if str(e["summary"]) == "Action Month for Children"
    ]
    start, end = month.decoded("dtstart"), month.decoded("dtend")
    # DTEND is exclusive: 1–30 June
    assert (start.month, start.day, end.month, end.day) == (
        6,
        1,
        7,
        1,
    )
    assert month["rrule"]["FREQ"] == ["YEARLY"]
    assert "the source names the month, not the days" in str(month["description"])


@pytest.mark.parametrize(
    ("lang", "what", "due_from", "due_to", "url"),
    [
        (
            "vi",
            "Gửi báo cáo tổng kết",
            "Công an thành phố mẫu",
            "Ủy ban nhân dân mẫu",
            "https://example.org/plans/ke-hoach-mau/",
        ),
        (
            "en",
            "Send the summary report",
            "Sample City Police",
            "Sample People's Committee",
            "https://example.org/en/plans/ke-hoach-mau/",
        ),
    ],
)
def test_the_17_june_2025_deadline_says_what_from_whom_to_whom_and_links_the_plan(
    fixture_site, lang, what, due_from, due_to, url
):
    [deadline] = [e for e in on(fixture_site, lang, DEADLINE) if e["uid"].startswith("deadline-")]
    assert what in str(deadline["summary"])
    description = str(deadline["description"])
    assert due_from in description and due_to in description and url in description
    assert str(deadline["url"]) == url
    assert deadline.decoded("dtend") == DEADLINE + datetime.timedelta(days=1)
    assert str(deadline["uid"]) == f"deadline-ke-hoach-mau-20250617-1-{lang}@example.org"


def test_campaign_day_is_an_event_linking_the_campaign(fixture_site):
    [day] = [
        e
        for e in on(fixture_site, "en", datetime.date(2024, 7, 30))
        if e["uid"].startswith("campaign-")
    ]
    assert str(day["summary"]) == "Sample campaign 2024"
    assert str(day["url"]) == "https://example.org/en/campaigns/chien-dich-mau/"
    assert "No child is left behind" in str(day["description"])


def test_dtstamp_is_the_newest_content_date_not_the_clock(fixture_site, site_before_deadline):
    stamps = {e.decoded("dtstamp") for e in events(fixture_site, "vi")}
    assert stamps == {
        datetime.datetime.combine(NEWEST_CONTENT_DATE, datetime.time(), tzinfo=datetime.UTC)
    }
    stamps = {e.decoded("dtstamp") for e in events(site_before_deadline, "vi")}
    assert stamps == {datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_calendar_page_keeps_the_awareness_days_and_no_past_dates(fixture_site, lang):
    soup = parse(fixture_site / PAGES[lang])
    for day in (
        "national-day-against-trafficking",
        "world-day-against-trafficking",
        "action-month-for-children",
    ):
        assert soup.find(id=day) is not None
    # as of 23 November 2026 only the next 30 July is ahead (twice: two days share it); the past is
    # on the year pages
    assert [t["datetime"] for t in soup.select("main time")] == ["2027-07-30", "2027-07-30"]
    assert soup.find(id="past-h") is None


@pytest.mark.parametrize(
    ("lang", "h1", "june"), [("vi", "Lịch năm 2025", "Tháng 6"), ("en", "Calendar 2025", "June")]
)
def test_a_year_page_lists_its_dates_month_by_month_with_links_back(fixture_site, lang, h1, june):
    page = fixture_site / year_page(lang, 2025)
    soup = parse(page)
    assert soup.find("h1").get_text() == h1 and soup.title.get_text().startswith(h1)
    month = soup.find("h2", id="month-6")
    assert month.get_text() == june
    item = month.find_next_sibling("ul").find("time", datetime="2025-06-17").find_parent("li")
    links = {
        resolve(page, a["href"]).relative_to(fixture_site).as_posix() for a in item.find_all("a")
    }
    prefix = PREFIX[lang]
    assert links == {
        f"{prefix}plans/ke-hoach-mau/index.html",
        f"{prefix}agencies/cong-an-mau/index.html",
        f"{prefix}agencies/ubnd-mau/index.html",
    }
    assert all((fixture_site / link).exists() for link in links)
    campaign = (
        parse(fixture_site / year_page(lang, 2024))
        .find("time", datetime="2024-07-30")
        .find_parent("li")
    )
    assert campaign.find("a")["href"].endswith("campaigns/chien-dich-mau/")
    levels = heading_levels(soup)
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), (
        levels
    )


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_calendar_page_and_the_year_pages_link_both_ways(fixture_site, lang):
    index = fixture_site / PAGES[lang]
    years = [fixture_site / year_page(lang, year) for year in (2025, 2024)]  # newest first
    listed = [
        resolve(index, a["href"]) for a in parse(index).find(id="years-h").parent.select("ul a")
    ]
    assert listed == years and all(page.exists() for page in years)
    for page in years:
        soup = parse(page)
        assert index in [resolve(page, a["href"]) for a in soup.select("main a")]
        nav = soup.select("main nav a")
        assert [resolve(page, a["href"]) for a in nav] == years
        assert [resolve(page, a["href"]) for a in nav if a.get("aria-current") == "page"] == [page]
        counterpart = fixture_site / year_page(OTHER[lang], int(page.parent.name))
        assert (
            resolve(page, soup.select_one(".lang-switch a")["href"]) == counterpart
            and counterpart.exists()
        )
        assert (
            resolve(page, soup.select_one(f"link[rel=alternate][hreflang={OTHER[lang]}]")["href"])
            == counterpart
        )


@pytest.mark.parametrize("site", ["fixture_site", "site_before_deadline"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_deadline_and_campaign_date_is_on_exactly_one_year_page_its_own(request, site, lang):
    built = request.getfixturevalue(site)
    items = year_items(built, lang)
    dated = [e for e in events(built, lang) if not e.get("rrule")]
    assert dated and len(items) == len(dated)
    for event in dated:
        start = event.decoded("dtstart").isoformat()
        [(year, _, _)] = [i for i in items if i[1] == start and i[2] in str(event["summary"])]
        assert year == int(start[:4])


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_calendar_page_lists_the_upcoming_twelve_months_soonest_first(site_before_deadline, lang):
    soup = parse(site_before_deadline / PAGES[lang])
    upcoming = soup.find(id="upcoming-h").parent
    # 2 January 2026 is a year and a day away; 30 July 2025 (two awareness days) falls in the window
    assert [t["datetime"] for t in upcoming.find_all("time")] == [
        "2025-06-17",
        "2025-07-30",
        "2025-07-30",
        "2026-01-01",
    ]
    assert [h["id"] for h in upcoming.find_all("h3")] == ["upcoming-2025", "upcoming-2026"]
    assert ("1 January 2025" if lang == "en" else "ngày 1 tháng 1 năm 2025") in upcoming.find(
        class_="note"
    ).get_text()
    later = parse(site_before_deadline / year_page(lang, 2026))
    assert [t["datetime"] for t in later.select("main time")] == ["2026-01-01", "2026-01-02"]
    assert LATER_DEADLINES[lang][1] in later.find("main").get_text()
    earlier = parse(site_before_deadline / year_page(lang, 2024))
    # in date order: the period, then the day
    assert [t["datetime"] for t in earlier.select("main time")] == [
        "2024-07-01",
        "2024-07-31",
        "2024-07-30",
    ]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_calendar_page_links_its_feed_and_every_page_links_the_calendar(fixture_site, lang):
    page = fixture_site / PAGES[lang]
    soup = parse(page)
    feed_links = [a["href"] for a in soup.select("main a[type='text/calendar']")]
    assert feed_links and all(
        resolve(page, href) == fixture_site / FEEDS[lang] for href in feed_links
    )
    assert (
        resolve(page, soup.select_one("link[rel=alternate][type='text/calendar']")["href"])
        == fixture_site / FEEDS[lang]
    )
    assert soup.find("code") is None, (
        "a development build shows no placeholder subscription address"
    )
    assert (
        soup.select_one(".preview-note").get_text()
        == {"vi": "bản xem trước — chưa có địa chỉ", "en": "preview — address not set"}[lang]
    )
    home = fixture_site / ("index.html" if lang == "vi" else "en/index.html")
    nav = [resolve(home, a["href"]) for a in parse(home).select(".site-nav a")]
    assert page in nav


def test_every_feed_string_is_in_a_template_so_it_gets_translated():
    templates = "".join(
        p.read_text(encoding="utf-8")
        for p in (ROOT / "themes" / "portal" / "templates").rglob("*.html")
    )
    for message in MESSAGES:
        assert f'_("{message}"' in templates or f"_('{message}'" in templates, message


def test_a_bad_awareness_day_names_file_line_and_field():
    text = (
        '- id: ok\n  date: "07-30"\n  name_vi: A\n  name_en: B\n  source_url: https://e.org/\n '
        ' source_title: T\n- id: bad\n  date: "02-30"\n  name_vi: A\n  name_en: B\n  '
        "source_url: https://e.org/\n  source_title: T\n"
    )
    with pytest.raises(ContentError) as caught:
        parse_days(text, "content/data/awareness_days.yaml")
    assert str(caught.value.problems[0]).startswith(
        "content/data/awareness_days.yaml:7: field '[1].date':"
    )


def test_a_day_needs_a_date_or_a_month():
    with pytest.raises(ContentError, match=r"'\[0\]': .*either date \(MM-DD\) or month"):
        parse_days(
            "- id: x\n  name_vi: A\n  name_en: B\n  source_url: https://e.org/\n  "
            "source_title: T\n",
            "f.yaml",
        )


def test_calendar_today_must_be_a_date():
    with pytest.raises(
        ValueError, match="CALENDAR_TODAY: expected a date written YYYY-MM-DD, got '30/7/2025'"
    ):
        reference_date("30/7/2025", {})


def writer() -> Writer:
    return Writer(
        "en",
        lambda message: message,
        lambda slug: slug,
        lambda path: f"https://example.org/{path}",
        "example.org",
    )


def campaign_page(**dates) -> SimpleNamespace:
    fields: dict[str, object] = {"type": "campaign", "title": "C", "slug": "c", "lang": "en"}
    fields |= {"summary": "s", "sources": [{"url": "https://example.org/plan", "title": "Plan"}]}
    data = SCHEMAS["campaign"].model_validate(fields | {"theme": "T", "year": 2024, **dates})
    return SimpleNamespace(data=data, slug="c", url="en/campaigns/c/")


def test_a_campaign_period_is_one_event_from_its_first_to_its_last_day():
    page = campaign_page(day="2024-07-30", starts="2024-07-01", ends="2024-07-31")
    day, period = campaign_events(writer(), page)
    assert (day.part, day.start, day.end) == (
        "day",
        datetime.date(2024, 7, 30),
        datetime.date(2024, 7, 30),
    )
    assert (period.part, period.start, period.end) == (
        "period",
        datetime.date(2024, 7, 1),
        datetime.date(2024, 7, 31),
    )
    assert "From: 1 July 2024" in period.description and "Until: 31 July 2024" in period.description
    ics = Calendar.from_ical(
        calendar_bytes(
            [day, period], name="N", lang="en", host="example.org", stamp=datetime.date(2024, 1, 1)
        )
    )
    spans = {str(e["uid"]): (e.decoded("dtstart"), e.decoded("dtend")) for e in ics.walk("VEVENT")}
    assert spans["campaign-c-period-20240701-en@example.org"] == (
        datetime.date(2024, 7, 1),
        datetime.date(2024, 8, 1),
    )


def test_a_campaign_with_only_a_start_gets_that_one_day_and_no_invented_end():
    [start] = campaign_events(writer(), campaign_page(starts="2024-07-01"))
    assert (start.part, start.start, start.end) == (
        "starts",
        datetime.date(2024, 7, 1),
        datetime.date(2024, 7, 1),
    )
    assert "Until" not in start.description
    assert campaign_events(writer(), campaign_page()) == []  # a year alone is not a date


def test_a_campaign_period_is_in_the_feed_and_on_the_page(site_before_deadline):
    [period] = [
        e
        for e in events(site_before_deadline, "en")
        if str(e["uid"]).startswith("campaign-chien-dich-mau-period-")
    ]
    assert (period.decoded("dtstart"), period.decoded("dtend")) == (
        datetime.date(2024, 7, 1),
        datetime.date(2024, 8, 1),
    )
    item = (
        parse(site_before_deadline / year_page("en", 2024))
        .find("time", datetime="2024-07-01")
        .find_parent("li")
    )
    assert "Period:" in item.get_text() and item.find("a")["href"].endswith(
        "campaigns/chien-dich-mau/"
    )


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_upcoming_always_holds_the_next_awareness_days(shipped_site, lang):
    """30 July and the June Action Month come every year: "upcoming" shows their next occurrence,
    whatever the calendar's "today" is (the newest date in the content, never the clock)."""
    upcoming = parse(shipped_site / PAGES[lang]).find(id="upcoming-h").parent
    links = [a["href"] for a in upcoming.select("li > h4 a[href^='#']")]
    assert {
        "#national-day-against-trafficking",
        "#world-day-against-trafficking",
        "#action-month-for-children",
    } <= set(links)
    assert (
        "No dates in this list" not in upcoming.get_text()
        and "Chưa có mốc nào" not in upcoming.get_text()
    )
    days = [t["datetime"] for t in upcoming.find_all("time")]
    assert days == sorted(days) and any(d.endswith("-07-30") for d in days)
