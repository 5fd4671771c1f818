"""Schema of a law or national decision (`type: law`): a legal text that gives citizens rights or
sets a national programme. Facts come from the checked facts sheet; what was not confirmed stays
`null`."""

from __future__ import annotations

from typing import Literal

from .common import Content, Date, Text, spec
from .parts import Period

ReportTo = Literal[
    "commune-peoples-committee", "police", "border-guard", "coast-guard", "nearest-agency"
]


class Law(Content):
    type: Literal["law"] = spec(en="Always 'law'.", vi="Luôn là 'law'.", example="law", fact=True)
    number: Text = spec(
        en="Document number as printed.", vi="Số hiệu văn bản.", example="53/2024/QH15", fact=True
    )
    kind: Literal["law", "decree", "decision", "plan"] = spec(
        en="law, decree, decision or plan.",
        vi="law (luật), decree (nghị định), decision (quyết định) hoặc plan (kế hoạch).",
        example="law",
        fact=True,
        fix="write law, decree, decision or plan",
        fix_vi="viết law, decree, decision hoặc plan",
    )
    issued_by: Text = spec(
        en="Who issued it, in the file's language.", vi="Cơ quan ban hành.", example="Quốc hội"
    )
    adopted: Date = spec(
        en="Day it was adopted or signed (YYYY-MM-DD).",
        vi="Ngày thông qua hoặc ký (YYYY-MM-DD).",
        example="2024-11-28",
        fact=True,
        fix="write the date as YYYY-MM-DD, e.g. 2024-11-28",
        fix_vi="viết ngày dạng YYYY-MM-DD, ví dụ 2024-11-28",
    )
    effective: Date | None = spec(
        None,
        en="Day it took effect (YYYY-MM-DD); leave empty if no source read gives it.",
        vi="Ngày có hiệu lực (YYYY-MM-DD); để trống nếu chưa nguồn nào xác nhận.",
        example="2025-07-01",
        fact=True,
        fix="write the date as YYYY-MM-DD, e.g. 2025-07-01",
        fix_vi="viết ngày dạng YYYY-MM-DD, ví dụ 2025-07-01",
    )
    status: Literal["in-force", "replaced", "ended", "unknown"] = spec(
        en="in-force, replaced (by a newer text), ended (a time-bound plan or programme whose "
        "period is over) or unknown.",
        vi="in-force (đang có hiệu lực), replaced (đã được thay thế), ended (kế hoạch, chương "
        "trình đã hết giai đoạn) hoặc unknown (chưa xác nhận).",
        example="in-force",
        fact=True,
        fix="write in-force, replaced, ended or unknown",
        fix_vi="viết in-force, replaced, ended hoặc unknown",
    )
    programme: Period | None = spec(
        None,
        en="Years of the national programme it approves or issues, if any.",
        vi="Giai đoạn của chương trình quốc gia mà văn bản phê duyệt, nếu có.",
        example={"start": 2026, "end": 2030},
    )
    for_citizens: list[Text] = spec(
        en="What it does for a citizen, in plain words, one point each.",
        vi="Văn bản mang lại gì cho người dân, bằng lời đơn giản, mỗi ý một mục.",
        example=["Người nghĩ mình là nạn nhân có thể trình báo với UBND cấp xã hoặc công an."],
        min_length=1,
    )
    report_to: list[ReportTo] = spec(
        [],
        en="Where it lets a person who may be a victim report: commune-peoples-committee, "
        "police, border-guard, coast-guard, nearest-agency.",
        vi="Nơi người có thể là nạn nhân được trình báo: commune-peoples-committee (UBND cấp "
        "xã), police (công an), border-guard (biên phòng), coast-guard (cảnh sát biển), "
        "nearest-agency (cơ quan gần nhất).",
        example=["commune-peoples-committee", "police"],
        fact=True,
    )
    caveats: list[Text] = spec(
        [],
        en="What could not be confirmed about it; shown on the page as it is.",
        vi="Những điều chưa xác nhận được về văn bản; hiện nguyên trên trang.",
        example=["Ngày có hiệu lực chưa được xác nhận."],
    )
