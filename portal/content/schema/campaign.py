"""Schema of a campaign (`type: campaign`): a theme, key messages and dated activities."""

from __future__ import annotations

from typing import Literal

from .common import Content, Date, Slug, Text, spec
from .parts import Deadline, Duty, LawLink, Target


class Campaign(Content):
    type: Literal["campaign"] = spec(
        en="Always 'campaign'.", vi="Luôn là 'campaign'.", example="campaign", fact=True
    )
    theme: Text = spec(
        en="The campaign theme, in the file's language.",
        vi="Chủ đề chiến dịch.",
        example="Không để trẻ em nào bị bỏ lại phía sau trong cuộc chiến chống mua bán người",
    )
    year: int = spec(
        en="Year of the campaign.", vi="Năm tổ chức.", example=2024, fact=True, ge=1945, le=2100
    )
    day: Date | None = spec(
        None,
        en="The day it responds to (YYYY-MM-DD).",
        vi="Ngày hưởng ứng (YYYY-MM-DD).",
        example="2024-07-30",
        fact=True,
        fix="write the date as YYYY-MM-DD, e.g. 2024-07-30",
        fix_vi="viết ngày dạng YYYY-MM-DD, ví dụ 2024-07-30",
    )
    starts: Date | None = spec(
        None,
        en="First day of activities, if the source gives one.",
        vi="Ngày bắt đầu, nếu nguồn có ghi.",
        example="2024-07-01",
        fact=True,
    )
    ends: Date | None = spec(
        None,
        en="Last day of activities, if the source gives one.",
        vi="Ngày kết thúc, nếu nguồn có ghi.",
        example="2024-07-31",
        fact=True,
    )
    number: Text | None = spec(
        None,
        en="Number of the plan behind the campaign.",
        vi="Số hiệu kế hoạch.",
        example="77/KH-BCĐ799",
        fact=True,
    )
    issuer: Slug | None = spec(
        None,
        en="Slug of the issuing agency.",
        vi="Slug cơ quan ban hành.",
        example="ubnd-thanh-pho-hai-phong",
        fact=True,
    )
    awareness_days: list[
        Literal[
            "national-day-against-trafficking",
            "world-day-against-trafficking",
            "action-month-for-children",
        ]
    ] = spec(
        [],
        en="Awareness days it responds to.",
        vi="Ngày/tháng hưởng ứng.",
        example=["world-day-against-trafficking"],
        fact=True,
    )
    key_messages: list[Text] = spec(
        [],
        en="Key messages, in your own words.",
        vi="Thông điệp chính.",
        example=["Gọi 111 khi thấy dấu hiệu mua bán người."],
    )
    objectives: list[Text] = spec([], en="Objectives.", vi="Mục tiêu.", example=["…"])
    targets: list[Target] = spec(
        [], en="Numeric targets, if any.", vi="Chỉ tiêu định lượng, nếu có.", example=[]
    )
    duties: list[Duty] = spec(
        [],
        en="Duties per agency.",
        vi="Phân công nhiệm vụ.",
        example=[{"agencies": ["cong-an-thanh-pho-hai-phong"], "tasks": ["…"]}],
    )
    deadlines: list[Deadline] = spec(
        [], en="Dated deliverables.", vi="Các mốc thời hạn.", example=[]
    )
    laws: list[LawLink] = spec(
        [],
        en="Laws and national programmes on this site that it carries out, reviews or cites.",
        vi="Luật, chương trình quốc gia trên trang web mà văn bản thực hiện, tổng kết hoặc "
        "viện dẫn.",
        example=[{"law": "quyet-dinh-193-qd-ttg-2021", "relation": "reviews"}],
    )
