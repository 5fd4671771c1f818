"""Open data on the fixture site: JSON valid against its JSON Schema, CSV that round-trips, values
that match the content, and an "Open data" page that documents every dataset and column."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import FIXTURE, ROOT, parse
from plugins.opendata.datasets import DATASETS
from plugins.opendata.opendata import registry_notice
from portal.content.localities import load_registry
from portal.content.problems import ContentError

NAMES = [d.name for d in DATASETS]
BOM = b"\xef\xbb\xbf"
REGISTRY = ROOT / "content" / "data" / "localities"


def load_json(site: Path, name: str):
    return json.loads((site / "data" / name).read_text(encoding="utf-8"))


def read_csv(site: Path, name: str) -> list[list[str]]:
    with (site / "data" / f"{name}.csv").open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def cell(value, column: dict) -> str:
    """How a JSON value is written in the CSV, by the schema's own description of the column."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = column["x-csv-separator"].join(value) if isinstance(value, list) else str(value)
    # what a spreadsheet would run
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def rows_of(site: Path, name: str, **where) -> list[dict]:
    return [r for r in load_json(site, f"{name}.json") if all(r[k] == v for k, v in where.items())]


@pytest.mark.parametrize("name", NAMES)
def test_json_validates_against_its_schema(fixture_site, name):
    schema = load_json(fixture_site, f"{name}.schema.json")
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    data = load_json(fixture_site, f"{name}.json")
    assert data, f"{name}.json is empty"
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
    assert not errors, errors[:5]
    assert all(list(row) == sorted(row) for row in data), "keys are written sorted"


def test_the_schemas_are_not_vacuous(fixture_site):
    schema = load_json(fixture_site, "targets.schema.json")
    good = load_json(fixture_site, "targets.json")[0]
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    for broken in (
        {**good, "value": "95%"},
        {**good, "comparison": "about"},
        {k: v for k, v in good.items() if k != "unit"},
        {**good, "extra": 1},
    ):
        assert list(validator.iter_errors([broken])), broken
    dates = jsonschema.Draft202012Validator(
        load_json(fixture_site, "hotlines.schema.json"),
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )
    assert list(
        dates.iter_errors(
            [{**load_json(fixture_site, "hotlines.json")[0], "verified": "23/11/2026"}]
        )
    )


@pytest.mark.parametrize("name", NAMES)
def test_csv_round_trips_with_a_bom_one_header_row_and_the_json_rows(fixture_site, name):
    raw = (fixture_site / "data" / f"{name}.csv").read_bytes()
    assert raw.startswith(BOM) and not raw.startswith(BOM * 2)
    header, *rows = read_csv(fixture_site, name)
    items = load_json(fixture_site, f"{name}.schema.json")["items"]
    columns = items["required"]
    assert header == columns
    assert header not in rows, "exactly one header row"
    data = load_json(fixture_site, f"{name}.json")
    assert len(rows) == len(data)
    for row, record in zip(rows, data, strict=True):
        assert row == [cell(record[c], items["properties"][c]) for c in columns]


def test_csv_records_end_with_crlf_and_a_list_of_texts_is_one_quoted_cell(fixture_site):
    raw = (fixture_site / "data" / "duties.csv").read_bytes().decode("utf-8-sig")
    header, *rows = read_csv(fixture_site, "duties")
    # the line break inside a cell is a bare \n
    assert raw.endswith("\r\n") and raw.count("\r\n") == 1 + len(rows)
    assert '"Advise the steering committee.\nInvestigate and break up rings."' in raw


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


def test_every_target_matches_the_content_files(fixture_site):
    expected = []
    for vi_file in sorted((FIXTURE / "content").glob("*/*.vi.md")):
        vi, en = (
            front_matter(vi_file),
            front_matter(vi_file.with_name(vi_file.name.replace(".vi.", ".en."))),
        )
        for i, (t_vi, t_en) in enumerate(
            zip(vi.get("targets", []), en.get("targets", []), strict=True)
        ):
            expected.append(
                (
                    vi["slug"],
                    i + 1,
                    t_vi["description"],
                    t_en["description"],
                    t_vi.get("comparison", ">="),
                    t_vi["value"],
                    t_vi.get("unit", "%"),
                )
            )
    got = [
        (
            r["plan"],
            r["position"],
            r["description_vi"],
            r["description_en"],
            r["comparison"],
            r["value"],
            r["unit"],
        )
        for r in load_json(fixture_site, "targets.json")
    ]
    assert sorted(got) == sorted(expected) and len(got) == 3


def test_a_known_target_appears_with_its_comparison_and_unit_in_both_files(fixture_site):
    (target,) = rows_of(
        fixture_site, "targets", plan="ke-hoach-mau", description_en="Cases prosecuted and tried"
    )
    assert (target["comparison"], target["value"], target["unit"], target["description_vi"]) == (
        ">",
        95,
        "%",
        "Vụ án được truy tố, xét xử",
    )
    (change,) = rows_of(fixture_site, "targets", plan="ke-hoach-mau", position=3)
    assert (
        change["comparison"],
        change["value"],
        change["relative_to_en"],
        change["relative_to_vi"],
    ) == (">=", 2, "compared with 2016", "so với năm 2016")
    header, *rows = read_csv(fixture_site, "targets")
    line = dict(
        zip(header, next(r for r in rows if "Cases prosecuted and tried" in r), strict=True)
    )
    assert (line["comparison"], line["value"], line["unit"]) == (">", "95", "%")


def test_plans_and_campaigns_carry_their_number_issuer_dates_places_and_source(fixture_site):
    (plan,) = rows_of(fixture_site, "plans", slug="ke-hoach-mau")
    assert (
        plan["type"] == "plan"
        and plan["number"] == "24/KH-UBND"
        and plan["signer"] == "Lê Hồng Sơn"
    )
    assert (plan["issuer"], plan["issuer_name_en"]) == ("ubnd-mau", "Sample People's Committee")
    assert (plan["issued"], plan["period_start"], plan["period_end"], plan["status"]) == (
        "2017-02-08",
        2017,
        2017,
        "ended",
    )
    assert plan["localities"] == ["01"] and plan["year"] is None
    assert (plan["source_url"], plan["source_title_vi"], plan["source_title_en"]) == (
        None,
        "Kế hoạch 24/KH-UBND",
        "Plan 24/KH-UBND",
    )
    assert plan["url_en"] == "https://example.org/en/plans/ke-hoach-mau/"
    (campaign,) = rows_of(fixture_site, "plans", slug="chien-dich-mau")
    assert (
        campaign["type"],
        campaign["year"],
        campaign["day"],
        campaign["issued"],
        campaign["localities"],
    ) == ("campaign", 2024, "2024-07-30", None, ["31"])


def test_a_joint_duty_has_a_row_for_each_agency_and_both_languages(fixture_site):
    joint = rows_of(fixture_site, "duties", plan="ke-hoach-mau", position=2)
    assert [r["agency"] for r in joint] == ["ubnd-mau", "cong-an-mau"]
    assert all(
        r["agencies"] == ["ubnd-mau", "cong-an-mau"]
        and r["tasks_vi"] == ["Phối hợp tuyên truyền."]
        and r["tasks_en"] == ["Work together on awareness."]
        for r in joint
    )
    (inferred,) = rows_of(fixture_site, "duties", plan="ke-hoach-mau", position=1)
    assert (
        inferred["inferred"] is True
        and inferred["note_en"] == "The item's heading is lost in the source."
    )
    assert rows_of(fixture_site, "duties", plan="chien-dich-mau", agency="cong-an-mau")[0][
        "tasks_en"
    ] == ["Spread the word."]


def test_hotlines_carry_operator_hours_cost_source_and_check_date(fixture_site):
    (line,) = rows_of(fixture_site, "hotlines", number="111")
    assert (line["free"], line["verified"], line["hours_en"], line["scope"]) == (
        True,
        "2026-11-23",
        "24/7, holidays included",
        "national",
    )
    assert line["cost_note_en"] == "No charge for incoming or outgoing calls."
    assert (
        line["source_url"]
        == "https://www.vietnam.vn/en/tong-dai-111-tiep-nhan-to-giac-tin-bao-ve-hanh-vi-mua-ban-nguoi"
    )
    assert line["operator_en"].startswith("Ministry of Health")


def test_localities_are_the_whole_registry(fixture_site):
    registry = load_registry(REGISTRY)
    data = load_json(fixture_site, "localities.json")
    # the fixture build restricts pages, not data
    assert sorted(r["code"] for r in data) == sorted(registry)
    by_code = {r["code"]: r for r in data}
    assert (
        by_code["P02"]["merged_into"] == ["08"]
        and by_code["P02"]["valid_to"] == "2025-07-01"
        and not by_code["P02"]["merged_into_derived"]
    )
    assert (
        by_code["00070"]["name_vi"] == "Phường Hoàn Kiếm"
        and by_code["00070"]["parent"] == "01"
        and by_code["00070"]["valid_to"] is None
    )
    assert by_code["005"]["merged_into_derived"] is True and by_code["005"]["merged_into"]
    assert data[0]["code"] == "VN" and data[0]["parent"] is None


@pytest.mark.parametrize("prefix, lang", [("", "vi"), ("en/", "en")])
def test_the_open_data_page_documents_every_dataset_and_column(fixture_site, prefix, lang):
    page = fixture_site / prefix / "open-data" / "index.html"
    soup = parse(page)
    assert soup.html["lang"] == lang
    for dataset in DATASETS:
        section = soup.find("h2", id=dataset.name).find_parent("section")
        assert section.h2.get_text(strip=True) == dataset.title(lang)
        links = {
            a.get_text(strip=True): (page.parent / a["href"]).resolve()
            for a in section.select(".file-links a")
        }
        assert links == {
            f"{dataset.name}{ext}": (fixture_site / "data" / f"{dataset.name}{ext}").resolve()
            for ext in (".csv", ".json", ".schema.json")
        }
        assert all(target.exists() for target in links.values())
        properties = load_json(fixture_site, f"{dataset.name}.schema.json")["items"]["properties"]
        table = [
            (tr.th.get_text(strip=True), tr.find_all("td")[-1].get_text(strip=True))
            for tr in section.select("table.columns tbody tr")
        ]
        key = "x-description-vi" if lang == "vi" else "description"
        # one source: the schema's own words
        assert table == [(c.name, properties[c.name][key]) for c in dataset.columns]


def test_a_cell_a_spreadsheet_would_run_starts_with_an_apostrophe_and_the_page_says_so(
    fixture_site,
):
    targets = read_csv(fixture_site, "targets")
    column = targets[0].index("comparison")
    assert "'=" in [row[column] for row in targets[1:]]  # the fixture's target compares with "="
    for name in ("plans", "targets", "duties", "hotlines", "localities"):
        for row in read_csv(fixture_site, name)[1:]:
            assert not any(value[:1] in ("=", "+", "-", "@", "\t", "\r") for value in row), (
                name,
                row,
            )
    for prefix, words in (("", "theo khuyến nghị của OWASP"), ("en/", "as OWASP advises")):
        assert words in parse(fixture_site / prefix / "open-data" / "index.html").get_text(" ")


def test_the_page_carries_both_licences_and_the_footer_links_it(fixture_site):
    for prefix in ("", "en/"):
        soup = parse(fixture_site / prefix / "open-data" / "index.html")
        assert (
            soup.select_one('a[rel~="license"]')["href"]
            == "https://creativecommons.org/licenses/by/4.0/"
        )
        notice = soup.select_one(".notice-text").get_text(" ", strip=True)
        assert (
            "Copyright (c) 2025 dvhcvn" in notice
            and "GPL-3.0" in notice
            and "THE SOFTWARE IS PROVIDED" in notice
        )
        home = fixture_site / prefix / "index.html"
        footer = [a["href"] for a in parse(home).select("footer a")]
        assert any(
            (home.parent / href / "index.html").resolve()
            == (fixture_site / prefix / "open-data" / "index.html").resolve()
            for href in footer
        )
    copied = (fixture_site / "data" / "localities.licence.md").read_text(encoding="utf-8")
    assert "Copyright (c) 2025 dvhcvn" in copied and "daohoangson/dvhcvn" in copied
    assert (
        load_json(fixture_site, "localities.schema.json")["x-licence"]
        == "https://example.org/data/localities.licence.md"
    )


def test_a_registry_without_its_licence_notice_is_a_content_error(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(
        (REGISTRY / "README.md").read_text(encoding="utf-8").split("**Licence and credit.**")[0],
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as caught:
        registry_notice(tmp_path)
    assert str(caught.value).startswith(
        f"{readme}:1: has no paragraph starting with **Licence and credit.**"
    )
    assert registry_notice(REGISTRY).startswith("**Licence and credit.**")
