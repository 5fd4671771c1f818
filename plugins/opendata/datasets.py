"""The six open datasets: what each row is, its columns, and where the rows come from.

Rows come from the validated content (`page.data`, paired by slug: the Vietnamese and the
English file of one item) and from the locality registry. Values are copied, never computed;
the only additions are each row's place (the plan it belongs to, its position there, from 1)
and the names and addresses of the pages it refers to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from portal.content.localities import DERIVED_NOTE
from portal.content.schema.hotline import Hotline
from portal.content.schema.law import Law
from portal.content.schema.parts import Target
from portal.content.schema.plan import Plan

from .columns import Column, Row, Site, choices_of, field_of, in_both

DOCUMENTS = ("plan", "campaign")  # targets and duties come from both
LOCALITY_KINDS = (
    "country",
    "city",
    "province",
    "ward",
    "commune",
    "special-zone",
    "former-province",
    "former-district",
)


@dataclass(frozen=True)
class Dataset:
    name: str  # file names: data/<name>.json, .csv, .schema.json
    title_en: str
    title_vi: str
    about_en: str
    about_vi: str
    columns: tuple[Column, ...]
    rows: Callable[[Site], list[Row]]
    # "content" (the site's licence) or "localities" (the registry's notice)
    licence: str = "content"

    def title(self, lang: str) -> str:
        return self.title_vi if lang == "vi" else self.title_en

    def about(self, lang: str) -> str:
        return self.about_vi if lang == "vi" else self.about_en


# Where the rows come from ----------------------------------------------------------------


def pairs(site: Site, kinds: tuple[str, ...]) -> list[tuple]:
    """(Vietnamese page, English page) of every item of these types, in the site's list order."""
    return [
        (page, site.by_slug["en"][page.slug]) for kind in kinds for page in site.content["vi"][kind]
    ]


def item_rows(kinds: tuple[str, ...]) -> Callable[[Site], list[Row]]:
    def rows(site: Site) -> list[Row]:
        return [
            Row({"vi": vi.data, "en": en.data}, site, pages={"vi": vi, "en": en})
            for vi, en in pairs(site, kinds)
        ]

    return rows


def target_rows(site: Site) -> list[Row]:
    return [
        Row({"vi": target, "en": en.data.targets[i]}, site, plan=vi.slug, position=i + 1)
        for vi, en in pairs(site, DOCUMENTS)
        for i, target in enumerate(vi.data.targets)
    ]


def duty_rows(site: Site) -> list[Row]:
    """One row per duty and agency: a duty given jointly appears once for each agency."""
    return [
        Row({"vi": duty, "en": en.data.duties[i]}, site, plan=vi.slug, position=i + 1, agency=slug)
        for vi, en in pairs(site, DOCUMENTS)
        for i, duty in enumerate(vi.data.duties)
        for slug in duty.agencies
    ]


def locality_rows(site: Site) -> list[Row]:
    """Every unit of the registry: the country, current units, then former ones, each by code."""
    order = {
        kind: i
        for i, kind in enumerate(
            ("country", "province", "commune", "former-province", "former-district")
        )
    }
    group = {"city": "province", "ward": "commune", "special-zone": "commune"}
    units = sorted(
        site.registry.values(),
        key=lambda u: (order.get(group.get(u.kind, u.kind), len(order)), u.code),
    )
    return [Row({"vi": unit, "en": unit}, site) for unit in units]


# Column helpers --------------------------------------------------------------------------


def main_source(name: str) -> Callable[[Row, str], object]:
    """A field of the first source, which the schema calls the main one."""
    return lambda row, lang: (
        getattr(row.items[lang].sources[0], name) if row.items[lang].sources else None
    )


def page_address(row: Row, lang: str) -> str:
    return row.site.address(row.pages[lang].url)


def agency_name(slug_of: Callable[[Row], str | None]) -> Callable[[Row, str], str | None]:
    return lambda row, lang: row.site.agency_name(slug_of(row), lang)


def source_columns() -> list[Column]:
    return [
        Column(
            "source_url",
            "url",
            "Public address of the main source; empty when no public address is known.",
            "Địa chỉ công khai của nguồn chính; để trống nếu không có địa chỉ công khai.",
            lambda row: main_source("url")(row, "vi"),
        ),
        *in_both(
            "source_title",
            "text",
            "Title of the main source",
            "Tiêu đề của nguồn chính",
            main_source("title"),
        ),
        Column(
            "source_date",
            "date",
            "Date the main source shows.",
            "Ngày ghi trên nguồn chính.",
            lambda row: main_source("date")(row, "vi"),
        ),
    ]


def localities_column(about: str, about_vi: str) -> Column:
    return Column(
        "localities",
        "codes",
        f"Codes of the places {about} (see the localities dataset; VN is the whole country).",
        f"Mã các địa bàn {about_vi} (xem bảng địa bàn hành chính; VN là toàn quốc).",
        lambda row: row.vi.localities,
        required=True,
    )


def place_columns(kind_of_row: str, kind_of_row_vi: str) -> list[Column]:
    return [
        Column(
            "plan",
            "id",
            "Identifier of the plan or campaign (the slug column of the plans dataset).",
            "Mã của kế hoạch hoặc chiến dịch (cột slug của bảng kế hoạch).",
            lambda row: row.plan,
            True,
        ),
        Column(
            "position",
            "integer",
            f"Order of the {kind_of_row} in its plan, from 1.",
            f"Thứ tự của {kind_of_row_vi} trong kế hoạch, bắt đầu từ 1.",
            lambda row: row.position,
            True,
        ),
    ]


# The datasets ----------------------------------------------------------------------------

PLANS = Dataset(
    "plans",
    "Plans and campaigns",
    "Kế hoạch và chiến dịch",
    "One row per plan or campaign: its number, issuing body, dates, the places it applies "
    "to and its main source.",
    "Mỗi dòng là một kế hoạch hoặc chiến dịch: số hiệu, cơ quan ban hành, các mốc thời "
    "gian, địa bàn áp dụng và nguồn chính.",
    (
        Column(
            "slug",
            "id",
            "Identifier: the last part of its page address, the same in both languages. "
            "Targets and duties refer to it.",
            "Mã định danh: phần cuối của địa chỉ trang, giống nhau ở hai ngôn ngữ. Bảng "
            "chỉ tiêu và bảng nhiệm vụ dẫn chiếu mã này.",
            lambda row: row.vi.slug,
            True,
        ),
        Column(
            "type",
            "id",
            "plan or campaign.",
            "plan (kế hoạch) hoặc campaign (chiến dịch).",
            lambda row: row.vi.type,
            True,
            DOCUMENTS,
        ),
        Column(
            "number",
            "text",
            "Document number as printed; empty if the source gives none.",
            "Số hiệu văn bản như trong bản gốc; để trống nếu nguồn không ghi.",
            lambda row: row.vi.number,
        ),
        *in_both("title", "text", "Title", "Tiêu đề", field_of("title"), required=True),
        Column(
            "issuer",
            "id",
            "Identifier of the issuing body (its page is agencies/<issuer>/); empty if the "
            "source does not name it.",
            "Mã của cơ quan ban hành (trang của cơ quan: agencies/<mã>/); để trống nếu "
            "nguồn không ghi.",
            lambda row: row.vi.issuer,
        ),
        *in_both(
            "issuer_name",
            "text",
            "Name of the issuing body",
            "Tên cơ quan ban hành",
            agency_name(lambda row: row.vi.issuer),
        ),
        *in_both(
            "issuer_note",
            "text",
            "Plans only: what is known of the issuer when the source does not name it",
            "Chỉ với kế hoạch: thông tin về cơ quan ban hành khi nguồn không ghi rõ",
            field_of("issuer_note"),
        ),
        Column(
            "signer",
            "text",
            "Plans only: who signed it, as printed.",
            "Chỉ với kế hoạch: người ký, như trong bản gốc.",
            lambda row: getattr(row.vi, "signer", None),
        ),
        Column(
            "issued",
            "date",
            "Plans only: date of issue.",
            "Chỉ với kế hoạch: ngày ban hành.",
            lambda row: getattr(row.vi, "issued", None),
        ),
        Column(
            "period_start",
            "integer",
            "Plans only: first year the plan covers.",
            "Chỉ với kế hoạch: năm đầu của giai đoạn thực hiện.",
            lambda row: row.vi.period.start if getattr(row.vi, "period", None) else None,
        ),
        Column(
            "period_end",
            "integer",
            "Plans only: last year the plan covers.",
            "Chỉ với kế hoạch: năm cuối của giai đoạn thực hiện.",
            lambda row: row.vi.period.end if getattr(row.vi, "period", None) else None,
        ),
        Column(
            "status",
            "id",
            "Plans only: active, ended (its period is over) or unknown, as the editors "
            "recorded it.",
            "Chỉ với kế hoạch: active (đang thực hiện), ended (đã hết giai đoạn) hoặc "
            "unknown (chưa rõ), theo ghi nhận của người biên tập.",
            lambda row: getattr(row.vi, "status", None),
            choices=choices_of(Plan, "status"),
        ),
        Column(
            "year",
            "integer",
            "Campaigns only: year of the campaign.",
            "Chỉ với chiến dịch: năm tổ chức.",
            lambda row: getattr(row.vi, "year", None),
        ),
        Column(
            "day",
            "date",
            "Campaigns only: the awareness day it responds to.",
            "Chỉ với chiến dịch: ngày được hưởng ứng.",
            lambda row: getattr(row.vi, "day", None),
        ),
        Column(
            "starts",
            "date",
            "Campaigns only: first day of activities, if the source gives one.",
            "Chỉ với chiến dịch: ngày bắt đầu các hoạt động, nếu nguồn có ghi.",
            lambda row: getattr(row.vi, "starts", None),
        ),
        Column(
            "ends",
            "date",
            "Campaigns only: last day of activities, if the source gives one.",
            "Chỉ với chiến dịch: ngày kết thúc các hoạt động, nếu nguồn có ghi.",
            lambda row: getattr(row.vi, "ends", None),
        ),
        localities_column("it applies to", "áp dụng"),
        *source_columns(),
        *in_both(
            "url",
            "url",
            "Address of its page on this site",
            "Địa chỉ trang trên trang web này",
            page_address,
            required=True,
        ),
    ),
    item_rows(DOCUMENTS),
)

TARGETS = Dataset(
    "targets",
    "Targets",
    "Chỉ tiêu",
    "One row per numeric target of a plan or campaign, with its value, comparison and unit.",
    "Mỗi dòng là một chỉ tiêu định lượng của một kế hoạch hoặc chiến dịch, kèm giá trị, "
    "phép so sánh và đơn vị.",
    (
        *place_columns("target", "chỉ tiêu"),
        *in_both(
            "description",
            "text",
            "What is measured",
            "Nội dung chỉ tiêu",
            field_of("description"),
            required=True,
        ),
        Column(
            "comparison",
            "id",
            "How the result must compare with the value: >= at least, > over, = exactly, "
            "<= at most, < under.",
            "Kết quả so với giá trị: >= ít nhất, > trên, = bằng, <= tối đa, < dưới.",
            lambda row: row.vi.comparison,
            True,
            choices_of(Target, "comparison"),
        ),
        Column(
            "value",
            "number",
            "The number, without its unit.",
            "Con số, không kèm đơn vị.",
            lambda row: row.vi.value,
            True,
        ),
        Column(
            "unit",
            "id",
            "Unit of the value: % or percentage-points.",
            "Đơn vị của giá trị: % hoặc percentage-points (điểm phần trăm).",
            lambda row: row.vi.unit,
            True,
            choices_of(Target, "unit"),
        ),
        *in_both(
            "relative_to",
            "text",
            "For a change: what it is compared with",
            "Với chỉ tiêu tăng, giảm: mốc để so sánh",
            field_of("relative_to"),
        ),
    ),
    target_rows,
)

DUTIES = Dataset(
    "duties",
    "Duties",
    "Nhiệm vụ được giao",
    "One row per duty and agency: what a plan or campaign asks of the agency. A duty given "
    "jointly to several agencies appears once for each of them.",
    "Mỗi dòng là một nhiệm vụ mà một kế hoạch hoặc chiến dịch giao cho một cơ quan. Nhiệm "
    "vụ giao chung cho nhiều cơ quan xuất hiện một lần cho mỗi cơ quan.",
    (
        *place_columns("duty", "nhiệm vụ"),
        Column(
            "agency",
            "id",
            "Identifier of the agency this row is about (its page is agencies/<agency>/).",
            "Mã của cơ quan được giao (trang của cơ quan: agencies/<mã>/).",
            lambda row: row.agency,
            True,
        ),
        *in_both(
            "agency_name",
            "text",
            "Name of the agency",
            "Tên cơ quan",
            agency_name(lambda row: row.agency),
        ),
        Column(
            "agencies",
            "codes",
            "Identifiers of every agency the duty is given to jointly, in the plan's order.",
            "Mã của tất cả cơ quan cùng được giao nhiệm vụ này, theo thứ tự trong kế hoạch.",
            lambda row: row.vi.agencies,
            True,
        ),
        *in_both(
            "tasks",
            "texts",
            "What is asked, one item per task",
            "Các việc được giao, mỗi việc một mục",
            field_of("tasks"),
            required=True,
        ),
        Column(
            "inferred",
            "boolean",
            "true when the source does not name the agency and the editors inferred it.",
            "true khi nguồn không ghi tên cơ quan và người biên tập suy ra.",
            lambda row: row.vi.inferred,
            True,
        ),
        *in_both(
            "note",
            "text",
            "Why it was inferred, or other remarks",
            "Lý do suy ra hoặc ghi chú khác",
            field_of("note"),
        ),
    ),
    duty_rows,
)

HOTLINES = Dataset(
    "hotlines",
    "Hotlines",
    "Đường dây nóng",
    "One row per hotline: its number, operator, hours, cost, the day it was last checked "
    "and its main source.",
    "Mỗi dòng là một đường dây nóng: số điện thoại, đơn vị vận hành, thời gian hoạt động, "
    "cước phí, ngày kiểm tra gần nhất và nguồn chính.",
    (
        Column(
            "slug",
            "id",
            "Identifier: the last part of its page address.",
            "Mã định danh: phần cuối của địa chỉ trang.",
            lambda row: row.vi.slug,
            True,
        ),
        Column(
            "number",
            "id",
            "The number, digits only.",
            "Số điện thoại, chỉ gồm chữ số.",
            lambda row: row.vi.number,
            True,
        ),
        Column(
            "display",
            "text",
            "The number as people read it.",
            "Cách viết số cho người đọc.",
            lambda row: row.vi.display,
            True,
        ),
        *in_both("title", "text", "Name", "Tên", field_of("title"), required=True),
        *in_both(
            "operator",
            "text",
            "Who runs it",
            "Đơn vị vận hành",
            field_of("operator"),
            required=True,
        ),
        *in_both(
            "hours",
            "text",
            "When it answers, as the source states",
            "Thời gian hoạt động, theo nguồn",
            field_of("hours"),
            required=True,
        ),
        Column(
            "free",
            "boolean",
            "true if calls cost nothing, as the source states.",
            "true nếu gọi miễn phí, theo nguồn.",
            lambda row: row.vi.free,
            True,
        ),
        *in_both(
            "cost_note",
            "text",
            "Cost, as the source words it",
            "Cước phí, theo cách nguồn ghi",
            field_of("cost_note"),
        ),
        Column(
            "scope",
            "id",
            "national (for the whole country) or local (for the places in localities).",
            "national (toàn quốc) hoặc local (cho các địa bàn ở cột localities).",
            lambda row: row.vi.scope,
            True,
            choices_of(Hotline, "scope"),
        ),
        localities_column("it serves", "phục vụ"),
        Column(
            "verified",
            "date",
            "Day the number was last checked against its source.",
            "Ngày số điện thoại được đối chiếu với nguồn gần nhất.",
            lambda row: row.vi.verified,
            True,
        ),
        *source_columns(),
        *in_both(
            "url",
            "url",
            "Address of its page on this site",
            "Địa chỉ trang trên trang web này",
            page_address,
            required=True,
        ),
    ),
    item_rows(("hotline",)),
)

LAWS = Dataset(
    "laws",
    "Laws and programmes",
    "Luật và chương trình",
    "One row per law, decree or national decision: its number, kind, dates, status, the "
    "programme years it sets and its main source.",
    "Mỗi dòng là một luật, nghị định hoặc quyết định quốc gia: số hiệu, loại, các mốc "
    "ngày, tình trạng, giai đoạn chương trình và nguồn chính.",
    (
        Column(
            "slug",
            "id",
            "Identifier: the last part of its page address. Plans refer to it.",
            "Mã định danh: phần cuối của địa chỉ trang. Các kế hoạch dẫn chiếu mã này.",
            lambda row: row.vi.slug,
            True,
        ),
        Column(
            "number",
            "text",
            "Document number as printed.",
            "Số hiệu văn bản.",
            lambda row: row.vi.number,
            True,
        ),
        Column(
            "kind",
            "id",
            "law, decree, decision or plan.",
            "law (luật), decree (nghị định), decision (quyết định) hoặc plan (kế hoạch).",
            lambda row: row.vi.kind,
            True,
            choices_of(Law, "kind"),
        ),
        *in_both("title", "text", "Title", "Tiêu đề", field_of("title"), required=True),
        *in_both(
            "issued_by",
            "text",
            "Who issued it",
            "Cơ quan ban hành",
            field_of("issued_by"),
            required=True,
        ),
        Column(
            "adopted",
            "date",
            "Day it was adopted or signed.",
            "Ngày thông qua hoặc ký.",
            lambda row: row.vi.adopted,
            True,
        ),
        Column(
            "effective",
            "date",
            "Day it took effect; empty when no source read gives it.",
            "Ngày có hiệu lực; để trống nếu chưa nguồn nào xác nhận.",
            lambda row: row.vi.effective,
        ),
        Column(
            "status",
            "id",
            "in-force, replaced, ended or unknown.",
            "in-force (có hiệu lực), replaced (đã thay thế), ended (hết giai đoạn) hoặc "
            "unknown (chưa xác nhận).",
            lambda row: row.vi.status,
            True,
            choices_of(Law, "status"),
        ),
        Column(
            "programme_start",
            "integer",
            "First year of the national programme it sets, if any.",
            "Năm đầu của chương trình quốc gia, nếu có.",
            lambda row: row.vi.programme.start if row.vi.programme else None,
        ),
        Column(
            "programme_end",
            "integer",
            "Last year of the national programme it sets, if any.",
            "Năm cuối của chương trình quốc gia, nếu có.",
            lambda row: row.vi.programme.end if row.vi.programme else None,
        ),
        *source_columns(),
        *in_both(
            "url",
            "url",
            "Address of its page on this site",
            "Địa chỉ trang trên trang web này",
            page_address,
            required=True,
        ),
    ),
    item_rows(("law",)),
)


LOCALITIES = Dataset(
    "localities",
    "Localities",
    "Địa bàn hành chính",
    "One row per administrative unit: the country; the provinces, cities, wards, communes "
    "and special zones in force since 1 July 2025; and the former provinces and districts, "
    "with the units that took them over.",
    "Mỗi dòng là một đơn vị hành chính: cả nước; các tỉnh, thành phố, phường, xã, đặc khu "
    "từ ngày 1/7/2025; các tỉnh và huyện cũ cùng các đơn vị đã tiếp nhận chúng.",
    (
        Column(
            "code",
            "id",
            "Official code: VN the country; 2 digits a province or city; 5 digits a ward, "
            "commune or special zone; P and 2 digits a former province; 3 digits a former "
            "district.",
            "Mã chính thức: VN là cả nước; 2 chữ số là tỉnh, thành phố; 5 chữ số là "
            "phường, xã, đặc khu; P và 2 chữ số là tỉnh cũ; 3 chữ số là huyện cũ.",
            lambda row: row.vi.code,
            True,
        ),
        Column(
            "kind",
            "id",
            "Kind of unit: " + ", ".join(LOCALITY_KINDS) + ".",
            "Loại đơn vị: country (cả nước), city (thành phố), province (tỉnh), ward "
            "(phường), commune (xã), special-zone (đặc khu), former-province (tỉnh cũ), "
            "former-district (huyện cũ).",
            lambda row: row.vi.kind,
            True,
            LOCALITY_KINDS,
        ),
        Column(
            "name_vi",
            "text",
            "Name in Vietnamese.",
            "Tên tiếng Việt.",
            lambda row: row.vi.name_vi,
            True,
        ),
        Column(
            "name_en",
            "text",
            "Name in English: a plain ASCII form, not an official English name.",
            "Tên tiếng Anh: dạng viết không dấu, không phải tên tiếng Anh chính thức.",
            lambda row: row.vi.name_en,
            True,
        ),
        Column(
            "parent",
            "id",
            "Code of the unit it belongs to: VN for provinces, the province for communes, "
            "the former province for former districts; empty for the country.",
            "Mã đơn vị cấp trên: VN với tỉnh, mã tỉnh với xã, mã tỉnh cũ với huyện cũ; để "
            "trống với cả nước.",
            lambda row: row.vi.parent,
        ),
        Column(
            "valid_from",
            "date",
            "Day the unit came into force, where the registry records it (1 July 2025 for "
            "current provinces and communes).",
            "Ngày đơn vị bắt đầu có hiệu lực, nếu danh mục có ghi (1/7/2025 với tỉnh và xã "
            "hiện nay).",
            lambda row: row.vi.valid_from,
        ),
        Column(
            "valid_to",
            "date",
            "For former units: the day the new units replaced them (1 July 2025); empty "
            "for units in force.",
            "Với đơn vị cũ: ngày các đơn vị mới thay thế (1/7/2025); để trống với đơn vị "
            "đang có hiệu lực.",
            lambda row: row.vi.valid_to,
        ),
        Column(
            "merged_into",
            "codes",
            "For former units: codes of the units that took them over.",
            "Với đơn vị cũ: mã các đơn vị tiếp nhận.",
            lambda row: row.vi.merged_into,
            True,
        ),
        Column(
            "merged_into_derived",
            "boolean",
            "true when merged_into was extracted from the resolutions by automated means "
            "(former districts), not taken from an official list.",
            "true khi cột merged_into được trích xuất tự động từ các nghị quyết (huyện "
            "cũ), không lấy từ danh sách chính thức.",
            lambda row: row.vi.successors == DERIVED_NOTE,
            True,
        ),
        Column(
            "source",
            "url",
            "Where the code and name come from.",
            "Nguồn của mã và tên.",
            lambda row: row.vi.source or None,
        ),
    ),
    locality_rows,
    licence="localities",
)

DATASETS = (PLANS, TARGETS, DUTIES, HOTLINES, LAWS, LOCALITIES)
