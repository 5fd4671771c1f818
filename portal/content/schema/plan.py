"""Schema of a plan (`type: plan`): a numbered document that sets targets and assigns duties."""

from __future__ import annotations

from typing import Literal

from .common import Content, Date, Slug, Text, spec
from .parts import Deadline, Duty, LawLink, Period, Place, Target


class Plan(Content):
    type: Literal["plan"] = spec(
        en="Always 'plan'.", vi="Luôn là 'plan'.", example="plan", fact=True
    )
    number: Text | None = spec(
        None,
        en="Document number as printed; leave empty if the source gives none.",
        vi="Số hiệu văn bản; để trống nếu nguồn không ghi.",
        example="24/KH-UBND",
        fact=True,
    )
    issuer: Slug | None = spec(
        None,
        en="Slug of the issuing agency; empty if the source does not name it.",
        vi="Slug cơ quan ban hành; để trống nếu nguồn không ghi.",
        example="ubnd-thanh-pho-ha-noi",
        fact=True,
    )
    issuer_note: Text | None = spec(
        None,
        en="What is known of the issuer when it is not named.",
        vi="Thông tin về cơ quan ban hành khi nguồn không ghi rõ.",
        example="Nguồn chỉ ghi 'thành phố'.",
    )
    signer: Text | None = spec(
        None, en="Who signed it, as printed.", vi="Người ký.", example="Lê Hồng Sơn", fact=True
    )
    issued: Date | None = spec(
        None,
        en="Date of issue (YYYY-MM-DD).",
        vi="Ngày ban hành (YYYY-MM-DD).",
        example="2017-02-08",
        fact=True,
        fix="write the date as YYYY-MM-DD, e.g. 2017-02-08",
        fix_vi="viết ngày dạng YYYY-MM-DD, ví dụ 2017-02-08",
    )
    period: Period | None = spec(
        None,
        en="Years the plan covers.",
        vi="Giai đoạn thực hiện (năm).",
        example={"start": 2017, "end": 2017},
    )
    status: Literal["active", "ended", "unknown"] = spec(
        "unknown",
        en="active, ended (its period is over) or unknown.",
        vi="active (đang thực hiện), ended (đã hết giai đoạn) hoặc unknown.",
        example="ended",
        fact=True,
        fix="write active, ended or unknown",
        fix_vi="viết active, ended hoặc unknown",
    )
    implements: Text | None = spec(
        None,
        en="The higher-level document it carries out.",
        vi="Văn bản cấp trên mà kế hoạch thực hiện.",
        example="Kế hoạch 02/KH-BCĐ ngày 03/01/2017 của Ban Chỉ đạo 138/CP",
    )
    objectives: list[Text] = spec(
        [],
        en="Objectives, one per item, in your own words.",
        vi="Mục tiêu, mỗi ý một mục.",
        example=["Nâng cao nhận thức của người dân."],
    )
    targets: list[Target] = spec(
        [],
        en="Numeric targets.",
        vi="Chỉ tiêu định lượng.",
        example=[{"description": "…", "comparison": ">=", "value": 95}],
    )
    focus_tasks: list[Text] = spec(
        [],
        en="Main tasks and measures.",
        vi="Nhiệm vụ, giải pháp trọng tâm.",
        example=["Đẩy mạnh tuyên truyền tại cơ sở."],
    )
    duties: list[Duty] = spec(
        [],
        en="Duties per agency.",
        vi="Phân công nhiệm vụ theo cơ quan.",
        example=[{"agencies": ["cong-an-thanh-pho-ha-noi"], "tasks": ["…"]}],
    )
    deadlines: list[Deadline] = spec(
        [],
        en="Dated deliverables.",
        vi="Các mốc thời hạn.",
        example=[{"date": "2025-06-17", "what": "…", "to": "ubnd-thanh-pho-ha-noi"}],
    )
    budget: Text | None = spec(
        None,
        en="Where the money comes from.",
        vi="Nguồn kinh phí.",
        example="Ngân sách trung ương, địa phương và nguồn hợp pháp khác.",
    )
    reporting: Text | None = spec(
        None,
        en="How often and to whom progress is reported.",
        vi="Chế độ báo cáo.",
        example="6 tháng và 1 năm báo cáo UBND Thành phố.",
    )
    places: list[Place] = spec(
        [],
        en="Places the plan names in passing.",
        vi="Các địa bàn được nêu trong kế hoạch.",
        example=[{"label": "…", "localities": ["250"]}],
    )
    laws: list[LawLink] = spec(
        [],
        en="Laws and national programmes on this site that it carries out, reviews or cites.",
        vi="Luật, chương trình quốc gia trên trang web mà văn bản thực hiện, tổng kết hoặc "
        "viện dẫn.",
        example=[{"law": "quyet-dinh-193-qd-ttg-2021", "relation": "reviews"}],
    )
