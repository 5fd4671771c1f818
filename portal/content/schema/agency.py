"""Schema of an agency (`type: agency`): a body that plans assign duties to."""

from __future__ import annotations

from typing import Literal

from .common import Content, Slug, Source, Text, spec


class Agency(Content):
    type: Literal["agency"] = spec(
        en="Always 'agency'.", vi="Luôn là 'agency'.", example="agency", fact=True
    )
    # an agency's duties come from the plans that assign them, and its page links each plan
    sources: list[Source] = spec(
        [],
        en="Where the facts about the agency come from, beyond the plans that give it duties "
        "(its page links each of them); the first is the main source.",
        vi="Nguồn của các thông tin về cơ quan, ngoài các kế hoạch giao nhiệm vụ cho cơ quan "
        "(trang của cơ quan dẫn liên kết tới từng kế hoạch); nguồn đầu tiên là nguồn chính.",
        example=[{"url": "https://example.gov.vn/…", "title": "…"}],
    )
    short_name: Text | None = spec(
        None, en="Short form used in tables.", vi="Tên ngắn dùng trong bảng.", example="Công an TP"
    )
    level: Literal["national", "provincial", "district", "commune", "other"] = spec(
        en="national, provincial, district (former), commune or other.",
        vi="national (trung ương), provincial (tỉnh), district (huyện cũ), commune (xã) hoặc "
        "other.",
        example="provincial",
        fact=True,
        fix="write national, provincial, district, commune or other",
        fix_vi="viết national, provincial, district, commune hoặc other",
    )
    group: bool = spec(
        False,
        en="true for a group of bodies named together (e.g. 'district People's Committees').",
        vi="true nếu là một nhóm cơ quan (ví dụ 'UBND các quận, huyện').",
        example=False,
        fact=True,
    )
    parent: Slug | None = spec(
        None,
        en="Slug of the body it belongs to, where there is one.",
        vi="Slug cơ quan cấp trên trực tiếp, nếu có.",
        example="bo-cong-an",
        fact=True,
    )
    former_names: list[Text] = spec(
        [],
        en="Earlier names (e.g. before the 2025 reorganisation), with the source's wording.",
        vi="Tên cũ (ví dụ trước sắp xếp năm 2025).",
        example=["Ủy ban nhân dân huyện …"],
    )
