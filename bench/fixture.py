"""A national-scale fixture: a complete content tree of clearly fake but valid content.

`write_fixture(out, documents, seed)` writes `out/content/` — the real locality registry, the
shipped national hotlines and `documents` generated bilingual items (about 55 % plans, 15 %
campaigns, 15 % agencies, 10 % guidance, 5 % local hotlines) spread over the registry's
provinces and communes — and `out/settings.py` to build it with. Every generated title starts
with "[Mẫu] " / "[Sample] ", local hotlines use the fictional range 0999 000 xxx and sources
point to example.org. The same (documents, seed) always gives byte-identical files.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     write_fixture(Path(tmp), 20)["plans"]
11
"""

from __future__ import annotations

import datetime
import random
import re
import shutil
import unicodedata
from pathlib import Path
from typing import NamedTuple

import yaml

from portal.content.localities import Unit, load_registry

ROOT = Path(__file__).resolve().parents[1]
REGISTRY = ROOT / "content" / "data" / "localities"
SECTIONS = ("plans", "campaigns", "hotlines", "agencies", "guidance")
SHARES = {"campaign": 0.15, "agency": 0.15, "page": 0.10, "hotline": 0.05}  # plans take the rest
MARKER = ".fixture"  # marks a folder this module wrote, so that it may replace its content/


class Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """Digit-only strings (codes, numbers) are written in double quotes, as in the shipped content."""


Dumper.add_representer(str, lambda dumper, s: dumper.represent_scalar("tag:yaml.org,2002:str", s, style='"' if s.isdigit() else None))


class Tr(NamedTuple):
    """A text in both languages; `fill` formats both with the matching language of each value."""

    vi: str
    en: str

    def fill(self, **ctx) -> Tr:
        return Tr(*(getattr(self, lang).format(**{k: getattr(v, lang) if isinstance(v, Tr) else v for k, v in ctx.items()}) for lang in ("vi", "en")))


def _groups(text: str) -> dict[str, list[list[str]]]:
    """Phrase tables: a '[name]' line starts a table, then one row a line, cells separated by ' | '."""
    groups: dict[str, list[list[str]]] = {}
    for line in text.strip().splitlines():
        if re.fullmatch(r"\[[a-z]+\]", line):
            rows = groups.setdefault(line[1:-1], [])
        else:
            rows.append([cell.strip() for cell in line.split(" | ")])
    return groups


PHRASES = _groups("""
[text]
plan | [Mẫu] Kế hoạch phòng, chống mua bán người {y} của {who} | [Sample] {y} plan on preventing human trafficking of {who}
plan_summary | Kế hoạch mẫu về phòng, chống mua bán người tại {p}, gồm {n} chỉ tiêu và phân công cho {m} cơ quan. | A sample anti-trafficking plan for {p}, with {n} targets and duties for {m} agencies.
budget | Ngân sách địa phương và các nguồn hợp pháp khác. | The local budget and other lawful sources.
reporting | Báo cáo 6 tháng và cả năm về cơ quan ban hành. | Six-monthly and annual reports to the issuing body.
places | Các xã, phường trọng điểm | Priority communes and wards
campaign | [Mẫu] Hưởng ứng Ngày toàn dân phòng, chống mua bán người 30/7/{y} tại {p} | [Sample] National Day against Human Trafficking, 30 July {y}, in {p}
campaign_summary | Chiến dịch mẫu tháng 7/{y} tại {p}. | A sample campaign in July {y} in {p}.
campaign_report | Gửi báo cáo kết quả | Send the results report
agency | [Mẫu] {name} | [Sample] {name}
agency_summary | Các nhiệm vụ mẫu mà kế hoạch giao cho {name}. | Sample duties that plans give to {name}.
page | [Mẫu] {t} ({p}) | [Sample] {t} ({p})
page_summary | Hướng dẫn mẫu cho người dân {p}. | Sample guidance for people in {p}.
hotline | [Mẫu] Đường dây nóng phòng, chống mua bán người của {p} | [Sample] Anti-trafficking hotline of {p}
hotline_summary | Số điện thoại hư cấu dùng để kiểm thử; đừng gọi số này. | A fictitious number for testing; do not call it.
hotline_note | Số 0999 000 xxx thuộc dải số dành cho dữ liệu mẫu. | Numbers 0999 000 xxx belong to the range kept for sample data.
operator | Công an {p} (dữ liệu mẫu) | Police of {p} (sample data)
hours | 7:30–17:00, thứ Hai đến thứ Sáu | 7:30–17:00, Monday to Friday
source | Dữ liệu mẫu, không phải văn bản thật | Sample data, not a real document
publisher | Bộ sinh dữ liệu mẫu | Fixture generator
note_head | ## Về dữ liệu mẫu | ## About this sample
note | Đây là dữ liệu mẫu do máy sinh ra để kiểm thử trang web. Tên địa phương là thật; mọi văn bản, con số, số điện thoại và nhiệm vụ trên trang này đều không có thật. | This is machine-generated sample data for testing the website. The place names are real; every document, number, phone number and duty on this page is fictitious.
[objectives]
Nâng cao nhận thức của người dân, nhất là phụ nữ, trẻ em và người đi làm ăn xa, về thủ đoạn của tội phạm mua bán người. | Raise awareness of traffickers' methods, especially among women, children and people who travel far for work.
Phát hiện sớm, ngăn chặn kịp thời và xử lý nghiêm các hành vi mua bán người trên địa bàn. | Detect early, stop promptly and deal strictly with acts of human trafficking in the area.
Tiếp nhận, xác minh, bảo vệ và hỗ trợ kịp thời nạn nhân bị mua bán trở về tái hòa nhập cộng đồng. | Receive, verify, protect and promptly support returning victims so that they can rejoin their communities.
Phát huy vai trò của cả hệ thống chính trị và toàn dân trong phòng, chống mua bán người. | Mobilise the whole political system and every citizen to take part in preventing human trafficking.
Tăng cường phối hợp giữa các cơ quan, đoàn thể và chính quyền cơ sở trong trao đổi thông tin và xử lý vụ việc. | Strengthen coordination between agencies, mass organisations and grassroots authorities in sharing information and handling cases.
Kiểm soát chặt chẽ hoạt động môi giới việc làm, kết hôn có yếu tố nước ngoài và đưa người đi làm việc ở nước ngoài. | Keep close control over job brokering, marriages involving foreigners and sending workers abroad.
[targets]
Tin báo, tố giác về mua bán người được tiếp nhận và phân loại | Reports and denunciations of trafficking that are received and classified
Vụ việc có dấu hiệu mua bán người được xác minh, giải quyết | Cases showing signs of trafficking that are verified and resolved
Nạn nhân được tiếp nhận và hỗ trợ theo quy định | Victims received and supported as the law provides
Thôn, tổ dân phố được tuyên truyền về phòng, chống mua bán người | Villages and residential groups reached by anti-trafficking communication
Trường học lồng ghép nội dung phòng, chống mua bán người vào hoạt động ngoại khóa | Schools that include anti-trafficking lessons in extracurricular activities
Cán bộ làm công tác phòng, chống mua bán người được tập huấn | Staff working on trafficking prevention who receive training
Vụ án mua bán người được truy tố, xét xử | Trafficking cases prosecuted and brought to trial
[focus]
Tuyên truyền trên loa truyền thanh cơ sở, mạng xã hội và tại các buổi sinh hoạt cộng đồng về thủ đoạn lừa "việc nhẹ lương cao". | Warn about "easy work, high pay" scams over village loudspeakers, on social media and at community meetings.
Rà soát, lập danh sách người đi khỏi địa phương không rõ lý do để kịp thời nắm tình hình. | Review and list people who have left the locality for unknown reasons, so that the situation is known early.
Tập huấn kỹ năng nhận diện nạn nhân cho cán bộ cơ sở, công an và giáo viên. | Train grassroots officials, police and teachers to identify victims.
Kiểm tra các cơ sở kinh doanh dễ bị lợi dụng như karaoke, cơ sở lưu trú và môi giới hôn nhân. | Inspect businesses that are easily misused, such as karaoke bars, guesthouses and marriage brokers.
Duy trì, nhân rộng mô hình câu lạc bộ phòng, chống mua bán người tại khu dân cư. | Keep running and expand anti-trafficking clubs in residential areas.
Phối hợp với các tỉnh, thành phố khác trong xác minh, giải cứu và đưa nạn nhân trở về. | Work with other provinces and cities to verify, rescue and bring victims home.
Hỗ trợ học nghề, vay vốn và tìm việc làm cho nạn nhân và người có nguy cơ cao. | Help victims and people at high risk with vocational training, loans and jobs.
[tasks]
Chủ trì tiếp nhận, xử lý tin báo, tố giác về mua bán người. | Lead the receipt and handling of reports and denunciations of trafficking.
Tổng hợp kết quả thực hiện kế hoạch, báo cáo định kỳ 6 tháng và cả năm. | Compile the results of the plan and report every six months and at the end of the year.
Tổ chức tuyên truyền, phổ biến pháp luật về phòng, chống mua bán người cho người dân. | Run communication and legal education on trafficking for residents.
Khám, chữa bệnh và hỗ trợ tâm lý cho nạn nhân bị mua bán trở về. | Provide medical care and psychological support to returning victims.
Quản lý chặt chẽ hoạt động môi giới kết hôn và nuôi con nuôi có yếu tố nước ngoài. | Closely manage the brokering of marriages and adoptions involving foreigners.
Tuần tra, kiểm soát các tuyến, địa bàn trọng điểm để phát hiện sớm hành vi vi phạm. | Patrol key routes and areas to detect violations early.
Trợ giúp pháp lý miễn phí cho nạn nhân và gia đình nạn nhân. | Give free legal aid to victims and their families.
Vận động hội viên tham gia tố giác tội phạm và giúp đỡ nạn nhân hòa nhập cộng đồng. | Encourage members to report crimes and to help victims rejoin their communities.
Bố trí kinh phí thực hiện kế hoạch từ ngân sách địa phương. | Set aside local budget funds to carry out the plan.
Phối hợp với nhà trường tổ chức các buổi ngoại khóa về an toàn trên mạng. | Work with schools on extracurricular sessions about staying safe online.
[deadlines]
6 | 15 | Gửi báo cáo sơ kết 6 tháng | Send the six-month progress report
7 | 31 | Hoàn thành đợt tuyên truyền cao điểm | Finish the peak communication drive
9 | 30 | Hoàn thành rà soát người đi khỏi địa phương | Finish reviewing people who have left the locality
12 | 10 | Gửi báo cáo tổng kết năm | Send the annual review report
[themes]
Chung tay bảo vệ trẻ em khỏi nguy cơ bị mua bán | Working together to keep children safe from trafficking
Cảnh giác với lời mời việc nhẹ lương cao | Beware of offers of easy work and high pay
Không để ai bị bỏ lại phía sau trong phòng, chống mua bán người | Leave no one behind in the fight against trafficking
An toàn khi đi làm việc xa nhà | Staying safe when working away from home
[messages]
Gọi 111 khi thấy dấu hiệu mua bán người; cuộc gọi miễn phí. | Call 111 when you see signs of trafficking; the call is free.
Gọi 113 khi có người đang gặp nguy hiểm. | Call 113 when someone is in danger.
Không giao giấy tờ tùy thân cho người lạ giữ hộ. | Never give your identity papers to a stranger to keep.
Kiểm tra kỹ nơi tuyển dụng trước khi nhận lời đi làm xa. | Check the recruiter carefully before accepting work far away.
Nạn nhân không có lỗi; họ được bảo vệ và hỗ trợ. | Victims are not to blame; they are protected and supported.
Hãy cho gia đình biết nơi mình đến và cách liên lạc. | Tell your family where you are going and how to reach you.
[guides]
recognise | Nhận biết lời mời việc làm đáng ngờ | Spotting suspicious job offers
act | Việc cần làm khi người thân mất liên lạc | What to do when a relative cannot be reached
support | Hỗ trợ dành cho người bị mua bán trở về | Support for people returning from trafficking
report | Báo tin cho chính quyền xã | Reporting to the commune authorities
safety | An toàn khi kết bạn trên mạng | Staying safe when making friends online
[headings]
## Bối cảnh | ## Background
## Nội dung chính | ## Main points
## Tổ chức thực hiện | ## How it is carried out
## Theo dõi và báo cáo | ## Monitoring and reporting
[sentences]
Trong những năm gần đây, tình hình mua bán người tại {place} diễn biến phức tạp, với nhiều thủ đoạn mới lợi dụng mạng xã hội và nhu cầu tìm việc làm của người dân. | In recent years trafficking in {place} has become more complex, with new tricks that exploit social media and people's need for work.
Các đối tượng thường hứa hẹn việc nhẹ lương cao ở nước ngoài, sau đó giữ giấy tờ tùy thân và ép nạn nhân làm việc để trả nợ. | Traffickers often promise easy, well-paid work abroad, then keep their victims' identity papers and force them to work off a debt.
Kế hoạch năm {year} đặt trọng tâm vào phòng ngừa từ cơ sở, nơi chính quyền và đoàn thể gần dân nhất. | The {year} plan puts the weight on prevention at the grassroots, where the authorities and mass organisations are closest to the people.
Mỗi thôn, tổ dân phố theo dõi những người đi làm ăn xa và báo ngay khi có người mất liên lạc. | Every village and residential group keeps track of people who go far away for work and reports at once when someone cannot be reached.
Công an cấp xã phối hợp với các đoàn thể để xác minh tin báo và hướng dẫn gia đình nạn nhân các bước cần làm. | Commune police work with the mass organisations to verify reports and guide victims' families through the steps to take.
Nhà trường tổ chức ít nhất một buổi ngoại khóa mỗi học kỳ về an toàn khi sử dụng mạng xã hội. | Schools hold at least one extracurricular session each term on staying safe on social media.
Hội Liên hiệp Phụ nữ duy trì các câu lạc bộ ở khu dân cư, nơi chị em chia sẻ thông tin và cảnh báo nhau về những lời mời đáng ngờ. | The Women's Union runs clubs in residential areas where women share information and warn each other about suspicious offers.
Nạn nhân trở về được hỗ trợ nơi ở tạm thời, chăm sóc y tế, tư vấn tâm lý và trợ giúp pháp lý theo quy định. | Returning victims receive temporary shelter, medical care, counselling and legal aid as the law provides.
Việc hỗ trợ học nghề và vay vốn giúp nạn nhân có thu nhập ổn định và giảm nguy cơ bị mua bán lại. | Help with vocational training and loans gives victims a stable income and lowers the risk of being trafficked again.
Các cơ quan được giao nhiệm vụ xây dựng kế hoạch riêng, phân công người phụ trách và báo cáo kết quả đúng hạn. | Each agency given a duty draws up its own plan, names a person in charge and reports its results on time.
Kinh phí thực hiện được bố trí từ ngân sách địa phương và các nguồn hợp pháp khác. | Funding comes from the local budget and other lawful sources.
Tại {place}, loa truyền thanh cơ sở phát các bản tin ngắn về phòng, chống mua bán người vào buổi sáng và buổi chiều. | In {place}, village loudspeakers broadcast short anti-trafficking bulletins in the morning and the afternoon.
Người dân có thể gọi 111 miễn phí để báo tin hoặc xin tư vấn, và gọi 113 khi có người đang gặp nguy hiểm. | Residents can call 111 free of charge to report or ask for advice, and 113 when someone is in danger.
Kết quả thực hiện được đánh giá qua các chỉ tiêu cụ thể, có so sánh với cùng kỳ năm trước. | Results are measured against specific targets and compared with the same period of the previous year.
Những cá nhân, tập thể có thành tích tốt được biểu dương, khen thưởng kịp thời. | People and groups who do well are recognised and rewarded without delay.
Cơ quan thường trực tổng hợp khó khăn, vướng mắc để kiến nghị cấp trên xem xét, giải quyết. | The standing body collects difficulties and refers them to the level above for a decision.
Các cơ sở môi giới việc làm và dịch vụ lưu trú được kiểm tra ít nhất hai lần trong năm. | Job brokers and accommodation services are inspected at least twice a year.
Thông tin về nạn nhân được giữ bí mật; chỉ những người có trách nhiệm mới được tiếp cận. | Information about victims is kept confidential; only those responsible may see it.
Chính quyền {place} trao đổi thông tin với các địa phương giáp ranh để ngăn chặn việc đưa người đi trái phép. | The authorities of {place} share information with neighbouring localities to stop people being taken away unlawfully.
Trong năm {year}, các hoạt động hưởng ứng Ngày toàn dân phòng, chống mua bán người 30/7 được tổ chức rộng khắp. | In {year}, activities for the National Day against Human Trafficking on 30 July are held throughout the area.
[kinds]
ubnd | provincial | UBND {p} | {P} People's Committee
cong-an | provincial | Công an {p} | {P} Police
ubnd-cap-xa | commune | UBND các xã, phường {p} | {P} commune and ward People's Committees
so-y-te | provincial | Sở Y tế {p} | {P} Department of Health
hoi-phu-nu | other | Hội Liên hiệp Phụ nữ {p} | {P} Women's Union
so-giao-duc | provincial | Sở Giáo dục và Đào tạo {p} | {P} Department of Education and Training
so-tu-phap | provincial | Sở Tư pháp {p} | {P} Department of Justice
""")
LANG = Tr("vi", "en")
TEXT = {key: Tr(vi, en) for key, vi, en in PHRASES["text"]}
OBJECTIVES, TARGETS, FOCUS, TASKS, THEMES, MESSAGES, HEADINGS, SENTENCES = (
    [Tr(*row) for row in PHRASES[name]] for name in ("objectives", "targets", "focus", "tasks", "themes", "messages", "headings", "sentences")
)
DEADLINES, GUIDES, KINDS = PHRASES["deadlines"], PHRASES["guides"], PHRASES["kinds"]  # month | day | vi | en; topic | vi | en; key | level | vi | en


def split(documents: int) -> dict[str, int]:
    """Items per type: 15 % campaigns and agencies (at least one), 10 % guidance, 5 % hotlines, the rest plans."""
    counts = {kind: round(documents * share) for kind, share in SHARES.items()}
    counts["agency"] = max(counts["agency"], 1 if documents else 0)
    return {"plan": max(0, documents - sum(counts.values())), **counts}


def _lower(name: str) -> str:
    return name[:1].lower() + name[1:]  # "Phường Hoàn Kiếm" -> "phường Hoàn Kiếm"


def place(unit: Unit, registry) -> Tr:
    """The unit as a sentence names it: 'tỉnh Cao Bằng' / 'Cao Bang Province', 'phường X, thành phố Hà Nội' / 'X Ward, Hanoi'."""
    if unit.kind in ("city", "province"):
        return Tr(f"{'thành phố' if unit.kind == 'city' else 'tỉnh'} {unit.name_vi}", unit.name_en if unit.kind == "city" else f"{unit.name_en} Province")
    province = registry[unit.parent]
    return Tr(f"{_lower(unit.name_vi)}, {place(province, registry).vi}", f"{unit.name_en}, {province.name_en}")


def committee(unit: Unit, registry, the: str = "the ") -> Tr:
    """The unit's People's Committee: 'UBND phường X (Hà Nội)' / 'the X Ward People's Committee (Hanoi)'."""
    if unit.kind in ("city", "province"):
        return Tr(f"UBND {place(unit, registry).vi}", f"{the}{unit.name_en} People's Committee")
    province = registry[unit.parent]
    return Tr(f"UBND {_lower(unit.name_vi)} ({province.name_vi})", f"{the}{unit.name_en} People's Committee ({province.name_en})")


class World:
    """The registry, the provinces in use and their generated agencies, all drawn from one Random."""

    def __init__(self, rng: random.Random, agency_count: int, verified: datetime.date):
        self.rng, self.registry, self.verified = rng, load_registry(REGISTRY), verified
        units = sorted(self.registry.values(), key=lambda u: u.code)
        provinces = [u for u in units if u.kind in ("city", "province")]
        self.communes = {p.code: [u for u in units if u.parent == p.code and u.current] for p in provinces}
        self.provinces = sorted(rng.sample(provinces, max(1, min(len(provinces), agency_count // 3))), key=lambda u: u.code)
        self.agencies: dict[str, list[dict]] = {p.code: [] for p in self.provinces}
        self._allocate(agency_count)

    def _allocate(self, count: int) -> None:
        """The first three kinds for every province, then half more departments, half commune committees."""
        slots = [(p, kind) for kind in KINDS[:3] for p in self.provinces][:count]
        slots += [(p, kind) for kind in KINDS[3:] for p in self.provinces][: (count - len(slots) + 1) // 2]
        for p, (key, level, vi, en) in slots:
            parent = None if key == "ubnd" else f"mau-ubnd-{p.slug}"
            self._add(p, key, f"mau-{key}-{p.slug}", Tr(vi, en).fill(p=place(p, self.registry), P=p.name_en), p, level, parent)
        left, n = count - len(slots), len(self.provinces)
        for i, p in enumerate(self.provinces):
            chosen = self.rng.sample(self.communes[p.code], min(left // n + (i < left % n), len(self.communes[p.code])))
            for c in sorted(chosen, key=lambda u: u.code):
                self._add(p, "ubnd-xa", f"mau-ubnd-{c.slug}-{c.code}", committee(c, self.registry, the=""), c, "commune", f"mau-ubnd-{p.slug}")

    def _add(self, province: Unit, key: str, slug: str, name: Tr, unit: Unit, level: str, parent: str | None) -> None:
        self.agencies[province.code].append({"key": key, "slug": slug, "name": name, "unit": unit, "level": level, "group": key == "ubnd-cap-xa", "parent": parent})

    def agency(self, province: Unit, key: str) -> dict:
        return next((a for a in self.agencies[province.code] if a["key"] == key), self.agencies[province.code][0])

    def where(self) -> tuple[Unit, Unit]:
        """A province in use and, half the time, one of its communes instead of itself."""
        province = self.rng.choice(self.provinces)
        communes = self.communes[province.code]
        return province, (self.rng.choice(communes) if communes and self.rng.random() < 0.5 else province)

    def plan_issuer(self, province: Unit) -> tuple[dict, Unit]:
        """A commune's own committee, the province's commune committees (for one commune) or the province's committee."""
        own, communes, roll = [a for a in self.agencies[province.code] if a["key"] == "ubnd-xa"], self.communes[province.code], self.rng.random()
        if own and roll < 0.35:
            issuer = self.rng.choice(own)
            return issuer, issuer["unit"]
        if communes and roll < 0.7:
            return self.agency(province, "ubnd-cap-xa"), self.rng.choice(communes)
        return self.agency(province, "ubnd"), province

    def pick(self, pool: list, low: int, high: int) -> list:
        return self.rng.sample(pool, min(len(pool), self.rng.randint(low, high)))

    def duties(self, province: Unit, low: int = 2, high: int = 5) -> list[dict]:
        return [{"agencies": [a["slug"]], "tasks": self.pick(TASKS, 2, 5)} for a in self.pick(self.agencies[province.code], low, high)]

    def deadlines(self, year: int, duties: list[dict], to: str) -> list[dict]:
        doers = [d["agencies"][0] for d in duties]
        chosen = sorted(self.pick(DEADLINES, 1, 3), key=lambda row: (int(row[0]), int(row[1])))
        return [{"date": datetime.date(year, int(m), int(d)), "what": Tr(vi, en), "by": [self.rng.choice(doers)], "to": to, "before": self.rng.random() < 0.5} for m, d, vi, en in chosen]

    def targets(self, low: int, high: int) -> list[dict]:
        return [{"description": d, "comparison": self.rng.choice([">=", ">", "="]), "value": self.rng.randint(50, 100), "unit": "%"} for d in self.pick(TARGETS, low, high)]

    def body(self, **ctx) -> Tr:
        """Four to six paragraphs under two headings, then the note on sample data: 300–600 words."""
        heads, count, blocks = self.rng.sample(HEADINGS, 2), self.rng.randint(4, 6), []
        for j in range(count):
            if j in (0, count // 2):
                blocks.append(heads[j > 0])
            sentences = [s.fill(**ctx) for s in self.rng.sample(SENTENCES, self.rng.randint(4, 5))]
            blocks.append(Tr(" ".join(s.vi for s in sentences), " ".join(s.en for s in sentences)))
        blocks += [TEXT["note_head"], TEXT["note"]]
        return Tr("\n\n".join(b.vi for b in blocks), "\n\n".join(b.en for b in blocks))


def head(kind: str, title: Tr, slug: str, summary: Tr) -> dict:
    return {"type": kind, "title": title, "slug": slug, "lang": LANG, "summary": summary}


def tail(section: str, slug: str, codes: list[str]) -> dict:
    return {"localities": codes, "sources": [{"url": f"https://example.org/fixture/{section}/{slug}", "title": TEXT["source"], "publisher": TEXT["publisher"]}]}


def make_agency(w: World, a: dict) -> tuple:
    meta = head("agency", TEXT["agency"].fill(name=a["name"]), a["slug"], TEXT["agency_summary"].fill(name=a["name"]))
    meta |= {"level": a["level"], "group": a["group"], "parent": a["parent"]} | tail("agencies", a["slug"], [a["unit"].code])
    return "agencies", meta, w.body(place=place(a["unit"], w.registry), year=w.rng.randint(2019, 2025))


def make_plan(w: World, i: int) -> tuple:
    province = w.rng.choice(w.provinces)
    issuer, unit = w.plan_issuer(province)
    start = w.rng.randint(2018, 2025)
    end = 2025 if start == 2021 and w.rng.random() < 0.5 else start
    years = Tr(f"năm {start}", str(start)) if start == end else Tr(f"giai đoạn {start}–{end}", f"{start}–{end}")
    slug, where, duties, targets = f"mau-ke-hoach-{i + 1:04d}-{unit.slug}-{start}", place(unit, w.registry), w.duties(province), w.targets(3, 6)
    meta = head("plan", TEXT["plan"].fill(y=years, who=committee(unit, w.registry)), slug, TEXT["plan_summary"].fill(p=where, n=len(targets), m=len(duties)))
    meta |= {
        "number": f"{w.rng.randint(10, 250)}/KH-UBND",
        "issuer": issuer["slug"],
        "issued": datetime.date(start, w.rng.randint(1, 3), w.rng.randint(1, 28)),
        "period": {"start": start, "end": end},
        "status": "ended" if end < 2025 else "active",
        "objectives": w.pick(OBJECTIVES, 2, 4),
        "targets": targets,
        "focus_tasks": w.pick(FOCUS, 3, 6),
        "duties": duties,
        "deadlines": w.deadlines(end, duties, issuer["slug"]),
        "budget": TEXT["budget"],
        "reporting": TEXT["reporting"],
    }
    if unit is province and w.communes[province.code]:
        meta["places"] = [{"label": TEXT["places"], "localities": sorted(c.code for c in w.pick(w.communes[province.code], 2, 4))}]
    return "plans", meta | tail("plans", slug, [unit.code]), w.body(place=where, year=start)


def make_campaign(w: World, i: int) -> tuple:
    province, unit = w.where()
    year, where, issuer = w.rng.randint(2019, 2025), place(unit, w.registry), w.agency(province, "ubnd")["slug"]
    slug, duties = f"mau-chien-dich-{i + 1:04d}-{unit.slug}-{year}", w.duties(province, 2, 4)
    meta = head("campaign", TEXT["campaign"].fill(y=year, p=where), slug, TEXT["campaign_summary"].fill(y=year, p=where))
    meta |= {
        "theme": w.rng.choice(THEMES),
        "year": year,
        "day": datetime.date(year, 7, 30),
        "starts": datetime.date(year, 7, 1),
        "ends": datetime.date(year, 7, 31),
        "number": f"{w.rng.randint(10, 250)}/KH-BCĐ",
        "issuer": issuer,
        "awareness_days": ["national-day-against-trafficking", "world-day-against-trafficking"][: w.rng.randint(1, 2)],
        "key_messages": w.pick(MESSAGES, 3, 4),
        "objectives": w.pick(OBJECTIVES, 2, 3),
        "targets": w.targets(0, 2),
        "duties": duties,
        "deadlines": [{"date": datetime.date(year, 8, 15), "what": TEXT["campaign_report"], "by": [duties[0]["agencies"][0]], "to": issuer}],
    }
    return "campaigns", meta | tail("campaigns", slug, [unit.code]), w.body(place=where, year=year)


def make_page(w: World, i: int) -> tuple:
    province = w.rng.choice(w.provinces)
    (topic, *title), where = GUIDES[i % len(GUIDES)], place(province, w.registry)
    slug = f"mau-huong-dan-{i + 1:04d}-{province.slug}"
    meta = head("page", TEXT["page"].fill(t=Tr(*title), p=where), slug, TEXT["page_summary"].fill(p=where))
    meta |= {"topic": topic, "order": 100 + i, "key_points": w.pick(MESSAGES, 3, 5)} | tail("guidance", slug, [province.code])
    return "guidance", meta, w.body(place=where, year=w.rng.randint(2019, 2025))


def make_hotline(w: World, i: int) -> tuple:
    _, unit = w.where()
    where, digits, slug = place(unit, w.registry), f"0999000{i % 999 + 1:03d}", f"mau-duong-day-nong-{i + 1:04d}-{unit.slug}"
    meta = head("hotline", TEXT["hotline"].fill(p=where), slug, TEXT["hotline_summary"])
    meta |= {
        "number": digits,
        "display": f"{digits[:4]} {digits[4:7]} {digits[7:]}",
        "tel": f"tel:{digits}",
        "operator": TEXT["operator"].fill(p=where),
        "hours": TEXT["hours"],
        "free": True,
        "scope": "local",
        "use_for": w.pick(MESSAGES, 1, 2),
        "verified": w.verified,
    }
    body = Tr(*("\n\n".join(parts) for parts in zip(TEXT["note_head"], TEXT["note"], TEXT["hotline_note"], strict=True)))
    return "hotlines", meta | tail("hotlines", slug, [unit.code]), body


def localise(value, lang: str):
    """The value with every Tr replaced by its text in `lang`, and empty (None) fields dropped."""
    if isinstance(value, Tr):
        return getattr(value, lang)
    if isinstance(value, dict):
        return {k: localise(v, lang) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [localise(v, lang) for v in value]
    return value


def render(meta: dict, body: Tr, lang: str) -> bytes:
    front = yaml.dump(localise(meta, lang), Dumper=Dumper, allow_unicode=True, sort_keys=False, width=100_000)
    return unicodedata.normalize("NFC", f"---\n{front}---\n\n{getattr(body, lang)}\n").encode("utf-8")


SETTINGS = '''"""Settings for a fixture site written by bench/fixture.py: the project's settings, this content."""

from pathlib import Path

from portal.settings import inherit

HERE = Path(__file__).resolve().parent
REPO = Path({repo!r})
globals().update(inherit(REPO / "pelicanconf.py"))

PATH = str(HERE / "content")
LOCALITIES_DIR = str(HERE / "content" / "data" / "localities")
THEME = str(REPO / "themes" / "portal")
'''


def _prepare(out: Path) -> Path:
    """An empty out/content; refuses to replace a content/ folder this module did not write."""
    content = out / "content"
    if content.exists():
        if not (out / MARKER).exists():
            raise FileExistsError(f"{content} exists and was not written by the fixture generator: choose another folder")
        shutil.rmtree(content)
    for folder in (*SECTIONS, "data/localities"):
        (content / folder).mkdir(parents=True)
    (out / MARKER).write_text("Written by bench/fixture.py, which may replace content/ here.\n", encoding="utf-8")
    return content


def _copy_shipped(content: Path) -> tuple[int, datetime.date]:
    """Copy the registry (with its README: sources and licence) and the national hotlines;
    return their count and newest check date."""
    for source in [*sorted(REGISTRY.glob("*.csv")), REGISTRY / "README.md"]:
        shutil.copyfile(source, content / "data" / "localities" / source.name)
    texts = {f: f.read_text(encoding="utf-8") for f in sorted((ROOT / "content" / "hotlines").glob("*.md"))}
    national = [f for f, text in texts.items() if re.search(r"^scope: national$", text, re.M)]
    for f in national:
        shutil.copyfile(f, content / "hotlines" / f.name)
    dates = [d for f in national for d in re.findall(r"^verified: (\d{4}-\d{2}-\d{2})$", texts[f], re.M)]
    return len(national) // 2, max(map(datetime.date.fromisoformat, dates), default=datetime.date(2025, 7, 1))


def write_fixture(out: Path, documents: int, seed: int = 1) -> dict:
    """Write the fixture site into `out`; return what it holds (items per section, places, files)."""
    out = Path(out).resolve()
    content, counts = _prepare(out), split(documents)
    national, verified = _copy_shipped(content)
    w = World(random.Random(seed), counts["agency"], verified)
    items = [make_agency(w, a) for p in w.provinces for a in w.agencies[p.code]]
    for kind, make in (("plan", make_plan), ("campaign", make_campaign), ("page", make_page), ("hotline", make_hotline)):
        items += [make(w, i) for i in range(counts[kind])]
    for section, meta, body in items:
        for lang in ("vi", "en"):
            (content / section / f"{meta['slug']}.{lang}.md").write_bytes(render(meta, body, lang))
    (out / "settings.py").write_text(SETTINGS.format(repo=str(ROOT)), encoding="utf-8")
    codes = {code for _, meta, _ in items for code in meta["localities"]}
    summary = {section: sum(item[0] == section for item in items) for section in SECTIONS}
    return summary | {"national_hotlines": national, "provinces": len(w.provinces), "communes": sum(len(c) == 5 for c in codes), "files": 2 * (len(items) + national), "out": str(out)}
