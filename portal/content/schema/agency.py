"""Schema of an agency (`type: agency`): a body that plans assign duties to."""

from __future__ import annotations

from typing import Literal

from .common import Content, Slug, Text, spec


class Agency(Content):
    type: Literal["agency"] = spec(
        en="Always 'agency'.", vi="Luôn là 'agency'.", example="agency", fact=True
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
