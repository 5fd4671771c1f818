"""Schema of a guidance page (`type: page`): plain-language advice for citizens."""

from __future__ import annotations

from typing import Literal

from .common import Content, Text, spec


class Page(Content):
    type: Literal["page"] = spec(
        en="Always 'page'.", vi="Luôn là 'page'.", example="page", fact=True
    )
    topic: Literal["recognise", "act", "support", "report", "safety", "about"] = spec(
        en="Which question it answers: recognise, act, support, report, safety or about.",
        vi="Chủ đề: recognise (nhận biết), act (hành động), support (hỗ trợ), report (tố "
        "giác), safety (an toàn), about (giới thiệu).",
        example="recognise",
        fact=True,
    )
    order: int = spec(
        50,
        en="Order in the guidance list, smallest first.",
        vi="Thứ tự trong danh sách, số nhỏ trước.",
        example=10,
        fact=True,
    )
    key_points: list[Text] = spec(
        [],
        en="Three to five points a reader must take away, shown in a box at the top.",
        vi="Ba đến năm ý chính, hiện trong khung đầu trang.",
        example=["Việc nhẹ lương cao ở nước ngoài là thủ đoạn phổ biến nhất."],
    )
