"""Parts shared by plans and campaigns: targets, duties, deadlines, period."""

from __future__ import annotations

from typing import Literal

from pydantic import model_validator
from pydantic_core import PydanticCustomError

from .common import Date, LocalityCode, Model, Slug, Text, spec

Comparison = Literal[">=", ">", "=", "<=", "<"]


class Target(Model):
    description: Text = spec(
        en="What is measured, in the file's language.",
        vi="Nội dung chỉ tiêu.",
        example="Tỷ lệ vụ án mua bán người được truy tố, xét xử",
    )
    comparison: Comparison = spec(
        ">=",
        en="How the result compares with the value: >=, >, =, <=, <.",
        vi="So sánh với giá trị: >=, >, =, <=, <.",
        example=">",
        fact=True,
        fix="write one of >=, >, =, <=, <",
        fix_vi="viết một trong các dấu >=, >, =, <=, <",
    )
    value: float = spec(
        en="The number, without the % sign.",
        vi="Con số, không kèm dấu %.",
        example=95,
        fact=True,
        ge=0,
        allow_inf_nan=False,
        fix="write the number only, e.g. 95",
        fix_vi="chỉ viết con số, ví dụ 95",
    )
    unit: Literal["%", "percentage-points"] = spec(
        "%",
        en="Unit: % of a total, or percentage-points of change.",
        vi="Đơn vị: % trên tổng số, hoặc điểm phần trăm thay đổi.",
        example="%",
        fact=True,
    )
    relative_to: Text | None = spec(
        None,
        en="For a change: what it is compared with.",
        vi="Với chỉ tiêu tăng/giảm: so với mốc nào.",
        example="so với năm 2016",
    )

    @model_validator(mode="after")
    def _share_is_a_percentage(self):
        if self.unit == "%" and self.relative_to is None and self.value > 100:
            # id in core.messages
            raise PydanticCustomError("share_over_100", "a share of a total cannot exceed 100 %")
        return self

    @property
    def is_share(self) -> bool:
        """A share of a total (drawn as a bar) rather than a change from a baseline."""
        return self.unit == "%" and self.relative_to is None


class Duty(Model):
    agencies: list[Slug] = spec(
        en="Slugs of the agency pages the duty is given to (several when given jointly).",
        vi="Slug của (các) cơ quan được giao (nhiều cơ quan nếu giao chung).",
        example=["cong-an-thanh-pho-ha-noi"],
        fact=True,
        min_length=1,
        fix="use slugs of files in content/agencies/",
        fix_vi="dùng slug của các tệp trong content/agencies/",
    )
    tasks: list[Text] = spec(
        en="What the plan asks of them, one item each, in your own words.",
        vi="Các nhiệm vụ được giao, mỗi ý một mục.",
        example=["Chủ trì tổng hợp báo cáo."],
        min_length=1,
    )
    inferred: bool = spec(
        False,
        en="true when the source does not name the agency and the editors inferred it.",
        vi="true khi nguồn không ghi tên cơ quan và người biên tập suy ra.",
        example=False,
        fact=True,
    )
    note: Text | None = spec(
        None,
        en="Why it was inferred, or other remarks.",
        vi="Lý do suy ra hoặc ghi chú khác.",
        example="Mục 1 mất tiêu đề trong bản gốc.",
    )


class Deadline(Model):
    date: Date = spec(
        en="Due date (YYYY-MM-DD).",
        vi="Hạn (YYYY-MM-DD).",
        example="2025-06-17",
        fact=True,
        fix="write the date as YYYY-MM-DD, e.g. 2025-06-17",
        fix_vi="viết ngày dạng YYYY-MM-DD, ví dụ 2025-06-17",
    )
    what: Text = spec(
        en="What is due.", vi="Việc phải hoàn thành.", example="Gửi báo cáo tổng kết và phụ lục"
    )
    by: list[Slug] = spec(
        [],
        en="Slugs of the agencies it is due from.",
        vi="Slug các cơ quan phải thực hiện.",
        example=["cac-so-ban-nganh-ha-noi"],
        fact=True,
    )
    to: Slug | None = spec(
        None,
        en="Slug of the agency it is due to.",
        vi="Slug cơ quan nhận.",
        example="ubnd-thanh-pho-ha-noi",
        fact=True,
    )
    before: bool = spec(
        False,
        en="true if the source says 'before' this date.",
        vi="true nếu nguồn ghi 'trước ngày'.",
        example=True,
        fact=True,
    )


class Period(Model):
    start: int = spec(
        en="First year.", vi="Năm bắt đầu.", example=2021, fact=True, ge=1945, le=2100
    )
    end: int = spec(en="Last year.", vi="Năm kết thúc.", example=2025, fact=True, ge=1945, le=2100)

    @model_validator(mode="after")
    def _ordered(self):
        if self.end < self.start:
            # id in core.messages
            raise PydanticCustomError("period_order", "the period ends before it starts")
        return self


class Place(Model):
    """Places a document names in passing (e.g. former districts chosen for training)."""

    label: Text = spec(
        en="What these places are in the document.",
        vi="Các địa bàn này là gì trong văn bản.",
        example="07 quận, huyện tổ chức tập huấn",
    )
    localities: list[LocalityCode] = spec(
        en="Their locality codes.",
        vi="Mã địa bàn.",
        example=["250", "276"],
        fact=True,
        min_length=1,
    )


class LawLink(Model):
    """A law, decree or national decision on this site that a plan carries out, reviews or cites."""

    law: Slug = spec(
        en="Slug of the page in content/laws/.",
        vi="Slug của trang trong content/laws/.",
        example="quyet-dinh-193-qd-ttg-2021",
        fact=True,
        fix="use slugs of files in content/laws/",
        fix_vi="dùng slug của các tệp trong content/laws/",
    )
    relation: Literal["implements", "reviews", "cites"] = spec(
        en="implements (carries it out), reviews (takes stock of it) or cites (names it).",
        vi="implements (thực hiện), reviews (tổng kết) hoặc cites (viện dẫn).",
        example="reviews",
        fact=True,
        fix="write implements, reviews or cites",
        fix_vi="viết implements, reviews hoặc cites",
    )
