"""The calendar: an iCalendar feed and a page per language, built from the fixture site.

Two builds giving identical bytes (the feed included) is tests/test_determinism.py, which
compares the whole output tree.
"""

from __future__ import annotations

import datetime
import shutil
from types import SimpleNamespace

import pytest
from conftest import FIXTURE, ROOT, build_fixture, parse
from icalendar import Calendar

from plugins.calendar.awareness import parse_days
from plugins.calendar.events import MESSAGES, Writer, campaign_events, reference_date
from plugins.calendar.ics import calendar_bytes
from plugins.core.problems import ContentError
from plugins.core.schema import SCHEMAS

FEEDS = {"vi": "calendar.ics", "en": "en/calendar.ics"}
PAGES = {"vi": "calendar/index.html", "en": "en/calendar/index.html"}
DEADLINE = datetime.date(2025, 6, 17)
NEWEST_CONTENT_DATE = datetime.date(2026, 11, 23)  # the fixture hotline's `verified`


def feed(site, lang) -> Calendar:
    return Calendar.from_ical((site / FEEDS[lang]).read_bytes())


def events(site, lang) -> list:
    return list(feed(site, lang).walk("VEVENT"))


def on(site, lang, day: datetime.date) -> list:
    return [e for e in events(site, lang) if e.decoded("dtstart") == day]


def resolve(page, href: str):
    target = (page.parent / href).resolve()
    return target / "index.html" if href.endswith("/") else target


@pytest.fixture(scope="session")
def site_before_deadline(tmp_path_factory):
    """The fixture built as if on 1 January 2025 (the 17 June 2025 deadline is still ahead),
    its campaign given a period of activities, 1–31 July 2024."""
    root = tmp_path_factory.mktemp("calendar")
    shutil.copytree(FIXTURE / "content", root / "content")
    for lang in ("vi", "en"):
        path = root / "content" / "campaigns" / f"chien-dich-mau.{lang}.md"
        path.write_text(path.read_text(encoding="utf-8").replace("day: 2024-07-30\n", "day: 2024-07-30\nstarts: 2024-07-01\nends: 2024-07-31\n"), encoding="utf-8")
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
        ("vi", {"Ngày toàn dân phòng, chống mua bán người", "Ngày thế giới phòng, chống mua bán người"}),
        ("en", {"National Day against Human Trafficking (Viet Nam)", "World Day against Trafficking in Persons"}),
    ],
)
def test_30_july_is_a_yearly_event(fixture_site, lang, names):
    yearly = [e for e in events(fixture_site, lang) if e.get("rrule")]
    july_30 = {str(e["summary"]) for e in yearly if (e.decoded("dtstart").month, e.decoded("dtstart").day) == (7, 30)}
    assert july_30 == names
    assert all(e["rrule"]["FREQ"] == ["YEARLY"] for e in yearly)


def test_action_month_covers_june_and_says_the_source_gives_no_days(fixture_site):
    [month] = [e for e in events(fixture_site, "en") if str(e["summary"]) == "Action Month for Children"]
    start, end = month.decoded("dtstart"), month.decoded("dtend")
    assert (start.month, start.day, end.month, end.day) == (6, 1, 7, 1)  # DTEND is exclusive: 1–30 June
    assert month["rrule"]["FREQ"] == ["YEARLY"]
    assert "the source names the month, not the days" in str(month["description"])


@pytest.mark.parametrize(
    ("lang", "what", "due_from", "due_to", "url"),
    [
        ("vi", "Gửi báo cáo tổng kết", "Công an thành phố mẫu", "Ủy ban nhân dân mẫu", "https://example.org/plans/ke-hoach-mau/"),
        ("en", "Send the summary report", "Sample City Police", "Sample People's Committee", "https://example.org/en/plans/ke-hoach-mau/"),
    ],
)
def test_the_17_june_2025_deadline_says_what_from_whom_to_whom_and_links_the_plan(fixture_site, lang, what, due_from, due_to, url):
    [deadline] = [e for e in on(fixture_site, lang, DEADLINE) if e["uid"].startswith("deadline-")]
    assert what in str(deadline["summary"])
    description = str(deadline["description"])
    assert due_from in description and due_to in description and url in description
    assert str(deadline["url"]) == url
    assert deadline.decoded("dtend") == DEADLINE + datetime.timedelta(days=1)
    assert str(deadline["uid"]) == f"deadline-ke-hoach-mau-20250617-1-{lang}@example.org"


def test_campaign_day_is_an_event_linking_the_campaign(fixture_site):
    [day] = [e for e in on(fixture_site, "en", datetime.date(2024, 7, 30)) if e["uid"].startswith("campaign-")]
    assert str(day["summary"]) == "Sample campaign 2024"
    assert str(day["url"]) == "https://example.org/en/campaigns/chien-dich-mau/"
    assert "No child is left behind" in str(day["description"])


def test_dtstamp_is_the_newest_content_date_not_the_clock(fixture_site, site_before_deadline):
    stamps = {e.decoded("dtstamp") for e in events(fixture_site, "vi")}
    assert stamps == {datetime.datetime.combine(NEWEST_CONTENT_DATE, datetime.time(), tzinfo=datetime.UTC)}
    stamps = {e.decoded("dtstamp") for e in events(site_before_deadline, "vi")}
    assert stamps == {datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_calendar_page_lists_past_dates_with_links_back(fixture_site, lang):
    page = fixture_site / PAGES[lang]
    soup = parse(page)
    past = soup.find(id="past-h").parent
    item = past.find("time", datetime="2025-06-17").find_parent("li")
    links = {resolve(page, a["href"]).relative_to(fixture_site).as_posix() for a in item.find_all("a")}
    prefix = "" if lang == "vi" else "en/"
    assert links == {f"{prefix}plans/ke-hoach-mau/index.html", f"{prefix}agencies/cong-an-mau/index.html", f"{prefix}agencies/ubnd-mau/index.html"}
    assert all((fixture_site / link).exists() for link in links)
    assert past.find("time", datetime="2024-07-30").find_parent("li").find("a")["href"].endswith("campaigns/chien-dich-mau/")
    assert soup.find(id="upcoming-h").parent.find("time") is None  # as of 23 November 2026 nothing is ahead
    for day in ("national-day-against-trafficking", "world-day-against-trafficking", "action-month-for-children"):
        assert soup.find(id=day) is not None


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_calendar_page_lists_upcoming_dates_soonest_first(site_before_deadline, lang):
    soup = parse(site_before_deadline / PAGES[lang])
    upcoming = [t["datetime"] for t in soup.find(id="upcoming-h").parent.find_all("time")]
    past = [t["datetime"] for t in soup.find(id="past-h").parent.find_all("time")]
    assert upcoming == ["2025-06-17"]
    assert past == ["2024-07-30", "2024-07-01", "2024-07-31"]  # newest first: the day, then the period
    assert soup.find(id="upcoming-2025") is not None and soup.find(id="past-2024") is not None


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_calendar_page_links_its_feed_and_every_page_links_the_calendar(fixture_site, lang):
    page = fixture_site / PAGES[lang]
    soup = parse(page)
    feed_links = [a["href"] for a in soup.select("main a[type='text/calendar']")]
    assert feed_links and all(resolve(page, href) == fixture_site / FEEDS[lang] for href in feed_links)
    assert resolve(page, soup.select_one("link[rel=alternate][type='text/calendar']")["href"]) == fixture_site / FEEDS[lang]
    assert soup.find("code").get_text() == f"https://example.org/{FEEDS[lang]}"
    home = fixture_site / ("index.html" if lang == "vi" else "en/index.html")
    nav = [resolve(home, a["href"]) for a in parse(home).select(".site-nav a")]
    assert page in nav


def test_every_feed_string_is_in_a_template_so_it_gets_translated():
    templates = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "themes" / "portal" / "templates").rglob("*.html"))
    for message in MESSAGES:
        assert f'_("{message}"' in templates or f"_('{message}'" in templates, message


def test_a_bad_awareness_day_names_file_line_and_field():
    text = '- id: ok\n  date: "07-30"\n  name_vi: A\n  name_en: B\n  source_url: https://e.org/\n  source_title: T\n- id: bad\n  date: "02-30"\n  name_vi: A\n  name_en: B\n  source_url: https://e.org/\n  source_title: T\n'
    with pytest.raises(ContentError) as caught:
        parse_days(text, "content/data/awareness_days.yaml")
    assert str(caught.value.problems[0]).startswith("content/data/awareness_days.yaml:7: field '[1].date':")


def test_a_day_needs_a_date_or_a_month():
    with pytest.raises(ContentError, match=r"'\[0\]': .*either date \(MM-DD\) or month"):
        parse_days("- id: x\n  name_vi: A\n  name_en: B\n  source_url: https://e.org/\n  source_title: T\n", "f.yaml")


def test_calendar_today_must_be_a_date():
    with pytest.raises(ValueError, match="CALENDAR_TODAY: expected a date written YYYY-MM-DD, got '30/7/2025'"):
        reference_date("30/7/2025", {})


def writer() -> Writer:
    return Writer("en", lambda message: message, lambda slug: slug, lambda path: f"https://example.org/{path}", "example.org")


def campaign_page(**dates) -> SimpleNamespace:
    data = SCHEMAS["campaign"](type="campaign", title="C", slug="c", lang="en", summary="s", theme="T", year=2024, **dates)
    return SimpleNamespace(data=data, slug="c", url="en/campaigns/c/")


def test_a_campaign_period_is_one_event_from_its_first_to_its_last_day():
    page = campaign_page(day="2024-07-30", starts="2024-07-01", ends="2024-07-31")
    day, period = campaign_events(writer(), page)
    assert (day.part, day.start, day.end) == ("day", datetime.date(2024, 7, 30), datetime.date(2024, 7, 30))
    assert (period.part, period.start, period.end) == ("period", datetime.date(2024, 7, 1), datetime.date(2024, 7, 31))
    assert "From: 1 July 2024" in period.description and "Until: 31 July 2024" in period.description
    ics = Calendar.from_ical(calendar_bytes([day, period], name="N", lang="en", host="example.org", stamp=datetime.date(2024, 1, 1)))
    spans = {str(e["uid"]): (e.decoded("dtstart"), e.decoded("dtend")) for e in ics.walk("VEVENT")}
    assert spans["campaign-c-period-20240701-en@example.org"] == (datetime.date(2024, 7, 1), datetime.date(2024, 8, 1))


def test_a_campaign_with_only_a_start_gets_that_one_day_and_no_invented_end():
    [start] = campaign_events(writer(), campaign_page(starts="2024-07-01"))
    assert (start.part, start.start, start.end) == ("starts", datetime.date(2024, 7, 1), datetime.date(2024, 7, 1))
    assert "Until" not in start.description
    assert campaign_events(writer(), campaign_page()) == []  # a year alone is not a date


def test_a_campaign_period_is_in_the_feed_and_on_the_page(site_before_deadline):
    [period] = [e for e in events(site_before_deadline, "en") if str(e["uid"]).startswith("campaign-chien-dich-mau-period-")]
    assert (period.decoded("dtstart"), period.decoded("dtend")) == (datetime.date(2024, 7, 1), datetime.date(2024, 8, 1))
    item = parse(site_before_deadline / PAGES["en"]).find("time", datetime="2024-07-01").find_parent("li")
    assert "Period:" in item.get_text() and item.find("a")["href"].endswith("campaigns/chien-dich-mau/")
