"""Schema of a hotline (`type: hotline`). A number appears only with its source and check date."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import StringConstraints

from .common import Content, Date, Text, spec

TelUri = Annotated[str, StringConstraints(pattern=r"^tel:\+?[0-9]+$")]


class Hotline(Content):
    type: Literal["hotline"] = spec(
        en="Always 'hotline'.", vi="Luôn là 'hotline'.", example="hotline", fact=True
    )
    number: Annotated[str, StringConstraints(pattern=r"^[0-9]+$")] = spec(
        en="The number, digits only.",
        vi="Số điện thoại, chỉ gồm chữ số.",
        example="111",
        fact=True,
        fix="write digits only, e.g. 111 or 84981848484",
        fix_vi="chỉ viết chữ số, ví dụ 111 hoặc 84981848484",
    )
    display: Text = spec(
        en="The number as people read it (the same digits as number; +84 for the country code).",
        vi="Cách viết số cho người đọc (cùng các chữ số với number; +84 là mã quốc gia).",
        example="111",
        fact=True,
    )
    tel: TelUri = spec(
        en="Tap-to-call address.",
        vi="Địa chỉ gọi trực tiếp.",
        example="tel:111",
        fact=True,
        fix="write tel: followed by the digits, e.g. tel:111",
        fix_vi="viết tel: và các chữ số, ví dụ tel:111",
    )
    label: Text | None = spec(
        None,
        en="Two to four words for the header strip on every page.",
        vi="Nhãn ngắn (2–4 từ) hiện ở đầu mọi trang.",
        example="Mua bán người, trẻ em",
    )
    also_known_as: list[Text] = spec(
        [],
        en="Other names of the same line.",
        vi="Tên khác của cùng đường dây.",
        example=["Tổng đài điện thoại quốc gia bảo vệ trẻ em"],
    )
    operator: Text = spec(en="Who runs it.", vi="Đơn vị vận hành.", example="Bộ Y tế")
    hours: Text = spec(
        en="When it answers, as the source states.",
        vi="Thời gian hoạt động theo nguồn.",
        example="24/7",
    )
    free: bool = spec(
        en="true if calls cost nothing (as the source states).",
        vi="true nếu gọi miễn phí (theo nguồn).",
        example=True,
        fact=True,
    )
    cost_note: Text | None = spec(
        None,
        en="Cost as the source words it.",
        vi="Cước phí theo nguồn.",
        example="Cước gọi thông thường.",
    )
    scope: Literal["national", "local"] = spec(
        en="national (shown in every page header) or local (shown on its localities' pages).",
        vi="national (hiện ở đầu mọi trang) hoặc local (hiện trên trang địa phương).",
        example="national",
        fact=True,
    )
    priority: int = spec(
        50,
        en="Order in lists, smallest first.",
        vi="Thứ tự hiển thị, số nhỏ trước.",
        example=1,
        fact=True,
    )
    use_for: list[Text] = spec(
        [], en="When to call it.", vi="Khi nào nên gọi.", example=["Báo tin về mua bán người"]
    )
    verified: Date = spec(
        en="Day the number was last checked against its source (YYYY-MM-DD).",
        vi="Ngày kiểm tra số gần nhất với nguồn (YYYY-MM-DD).",
        example="2026-11-23",
        fact=True,
        fix="write the date as YYYY-MM-DD, e.g. 2026-11-23",
        fix_vi="viết ngày dạng YYYY-MM-DD, ví dụ 2026-11-23",
    )
    last_confirmed: Date | None = spec(
        None,
        en="Date of the newest public source that gives the number, when no recent one was "
        "found (YYYY-MM-DD); pages then say so.",
        vi="Ngày của nguồn công khai mới nhất có ghi số này, khi không tìm được nguồn gần đây "
        "(YYYY-MM-DD); trang sẽ nói rõ điều đó.",
        example="2022-02-23",
        fact=True,
    )
