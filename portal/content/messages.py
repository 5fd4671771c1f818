"""Every message a content check can give, in English and Vietnamese, keyed by an id.

`portal.content.problems.say(id, **values)` fills one in. A message says what is wrong; a fix (ids
that read as instructions) says what to write instead. Keep the two languages saying the same.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # How a problem is printed
    "field_label": ("field", "trường"),
    "warning_label": ("warning", "cảnh báo"),
    "summary": ("{errors} error(s), {warnings} warning(s).", "{errors} lỗi, {warnings} cảnh báo."),
    "fixed_nfc": ("converted {path} to NFC", "đã chuyển {path} sang dạng NFC"),
    "registry_missing": (
        "the locality registry file is missing, so places cannot be checked",
        "thiếu tệp danh mục địa bàn nên không kiểm tra được địa bàn",
    ),
    "restore_file": (
        "restore it from Git: git checkout -- {path}",
        "khôi phục tệp từ Git: git checkout -- {path}",
    ),
    "lang_vi": ("Vietnamese", "tiếng Việt"),
    "lang_en": ("English", "tiếng Anh"),
    "example": ("for example: {example}", "ví dụ: {example}"),
    # Reading the file
    "not_utf8": (
        "the file is not UTF-8 (byte 0x{byte})",
        "tệp không được lưu ở dạng UTF-8 (byte 0x{byte})",
    ),
    "save_utf8": (
        "save the file as UTF-8 in your editor",
        "lưu lại tệp ở dạng UTF-8 trong trình soạn thảo",
    ),
    "nfd": (
        "the text uses decomposed Unicode (accents stored as separate marks)",
        "văn bản dùng Unicode tổ hợp (dấu được lưu tách khỏi chữ)",
    ),
    "run_fix_nfc": (
        "run `invoke check --fix` to convert the file to NFC",
        "chạy `invoke check --fix` để chuyển tệp sang dạng NFC",
    ),
    "no_fence": ("the file does not start with '---'", "tệp không bắt đầu bằng dòng '---'"),
    "add_fences": (
        "put the YAML metadata between two '---' lines at the top",
        "đặt phần thông tin YAML giữa hai dòng '---' ở đầu tệp",
    ),
    "unclosed": ("the metadata block is not closed", "phần thông tin chưa được đóng"),
    "add_closing": (
        "add a line '---' after the metadata",
        "thêm một dòng '---' sau phần thông tin",
    ),
    "yaml_error": (
        "the YAML metadata cannot be read: {detail}",
        "không đọc được phần thông tin YAML: {detail}",
    ),
    "yaml_fix": (
        "check indentation, colons and quotes on this line",
        "kiểm tra thụt lề, dấu hai chấm và dấu ngoặc kép ở dòng này",
    ),
    "not_mapping": (
        "the metadata is not a list of 'field: value' lines",
        "phần thông tin không phải là các dòng 'trường: giá trị'",
    ),
    "one_per_line": ("write one 'field: value' per line", "viết mỗi dòng một 'trường: giá trị'"),
    "yaml_alias": (
        "the metadata uses a YAML anchor (&) or alias (*)",
        "phần thông tin dùng neo (&) hoặc bí danh (*) của YAML",
    ),
    "yaml_alias_fix": (
        "write each value out in full: content files do not use anchors or aliases",
        "viết đầy đủ từng giá trị: tệp nội dung không dùng neo hay bí danh",
    ),
    "too_deep": (
        "the metadata is nested more than {limit} levels deep",
        "phần thông tin lồng nhau sâu hơn {limit} cấp",
    ),
    "flatten": (
        "no field of any content type is nested this deep: check the indentation and brackets",
        "không trường nào lồng sâu như vậy: kiểm tra thụt lề và dấu ngoặc",
    ),
    "file_too_large": (
        "the file is {size} KB, more than the {limit} KB a content file may hold",
        "tệp nặng {size} KB, quá giới hạn {limit} KB của một tệp nội dung",
    ),
    "split_file": (
        "split the text into several pages, or shorten it",
        "chia nội dung thành nhiều trang, hoặc rút gọn",
    ),
    "control_character": (
        "the text holds the invisible control character {char}",
        "văn bản có ký tự điều khiển vô hình {char}",
    ),
    "delete_control": (
        "delete it (retype the line if your editor does not show it)",
        "xóa ký tự đó (gõ lại dòng này nếu trình soạn thảo không hiện ra)",
    ),
    "link_outside": (
        "the file is a link to {target}, outside the content folder",
        "tệp là liên kết tới {target}, nằm ngoài thư mục nội dung",
    ),
    "copy_instead": (
        "copy the file into content/ instead of linking to it",
        "sao chép tệp vào content/ thay vì tạo liên kết",
    ),
    "unreadable": ("the file could not be read ({detail})", "không đọc được tệp ({detail})"),
    "simplify_file": (
        "simplify the line named, or ask a developer with this message",
        "đơn giản hóa dòng được nêu, hoặc gửi thông báo này cho người phát triển",
    ),
    "twice": ("the field '{key}' is written twice", "trường '{key}' bị viết hai lần"),
    "keep_one": ("keep one of them", "chỉ giữ lại một"),
    # The schema
    "unknown_type": (
        "expected one of {known}, got {got}",
        "cần một trong các loại {known}, nhưng có {got}",
    ),
    "write_value": ("write {name}: {value}", "viết {name}: {value}"),
    "missing_field": ("the required field '{name}' is missing", "thiếu trường bắt buộc '{name}'"),
    "add_field": ("add '{name}:'", "thêm '{name}:'"),
    "add_field_example": (
        "add '{name}:' (for example: {example})",
        "thêm '{name}:' (ví dụ: {example})",
    ),
    "not_a_field": (
        "is not a field of this content type",
        "không phải là trường của loại nội dung này",
    ),
    "did_you_mean_field": ("did you mean '{guess}'?", "có phải bạn muốn viết '{guess}'?"),
    "remove_field": (
        "remove it; known fields: {known}",
        "xóa trường này; các trường hợp lệ: {known}",
    ),
    "got": ("{expected}, got {value}", "{expected}, nhưng có {value}"),
    "nothing": ("nothing", "giá trị rỗng"),
    "float_parsing": ("expected a valid number", "cần một con số"),
    "int_parsing": ("expected a whole number", "cần một số nguyên"),
    "bool_parsing": ("expected true or false", "cần true hoặc false"),
    "date_parsing": (
        "expected a date that exists, written YYYY-MM-DD",
        "cần một ngày có thật, viết dạng YYYY-MM-DD",
    ),
    "literal_error": ("expected {expected}", "cần một trong các giá trị {expected}"),
    "string_too_short": ("expected some text", "cần có nội dung"),
    "too_short": ("expected at least {min_length} item(s)", "cần ít nhất {min_length} mục"),
    "string_pattern_mismatch": ("expected a different form", "không đúng dạng"),
    "string_type": ("expected text", "cần văn bản"),
    "greater_than_equal": ("expected a number of at least {ge}", "cần một số không nhỏ hơn {ge}"),
    "less_than_equal": ("expected a number of at most {le}", "cần một số không lớn hơn {le}"),
    "list_type": (
        "expected a list (lines starting with '- ')",
        "cần một danh sách (các dòng bắt đầu bằng '- ')",
    ),
    "model_type": (
        "expected a group of 'field: value' lines",
        "cần một nhóm các dòng 'trường: giá trị'",
    ),
    "share_over_100": (
        "a share of a total cannot exceed 100 %",
        "tỷ lệ trên tổng số không thể vượt quá 100 %",
    ),
    "period_order": ("the period ends before it starts", "giai đoạn kết thúc trước khi bắt đầu"),
    "placeholder": ("still holds the placeholder TODO", "vẫn còn chữ TODO giữ chỗ"),
    "fill_required": ("write the value, for example: {example}", "điền giá trị, ví dụ: {example}"),
    "fill_or_delete": (
        "write the value (for example: {example}) or delete the line: the field is optional",
        "điền giá trị (ví dụ: {example}) hoặc xóa dòng này: trường không bắt buộc",
    ),
    "body_placeholder": (
        "the page text is still the placeholder TODO",
        "nội dung trang vẫn là chữ TODO giữ chỗ",
    ),
    "write_body": (
        "write the page text in Markdown below the second '---' line",
        "viết nội dung trang bằng Markdown bên dưới dòng '---' thứ hai",
    ),
    # Hotlines and dates
    "phone_unknown": (
        "the number {number} is not in service in Viet Nam: libphonenumber does not know "
        "it and it is not a declared short number",
        "số {number} không phải là số đang hoạt động ở Việt Nam: thư viện libphonenumber "
        "không có số này và đây không phải số ngắn đã khai báo",
    ),
    "number_not_a_hotline": (
        "the phone number {number} is not one of the site's hotlines: a number is shown only as "
        "a hotline, with its source and the day it was verified",
        "số điện thoại {number} không phải là số của một đường dây nóng trên trang: chỉ hiện số "
        "điện thoại khi đó là một đường dây nóng, có nguồn và ngày kiểm chứng",
    ),
    "number_add_hotline": (
        "check the number against its source and add it as a hotline (invoke new hotline "
        "--slug …) with that source and the day you verified it, or remove it",
        "đối chiếu số với nguồn rồi thêm số đó thành một đường dây nóng (invoke new hotline "
        "--slug …) kèm nguồn và ngày kiểm chứng, hoặc xoá số đó",
    ),
    "phone_check_source": (
        "copy the number again from its source; a short number in service that the library "
        "does not list goes in content/data/short_numbers.yaml with its source",
        "chép lại số từ nguồn; số ngắn đang hoạt động mà thư viện chưa có thì khai báo "
        "trong content/data/short_numbers.yaml kèm nguồn",
    ),
    "phone_display_differs": (
        "'{display}' does not read as the number {number}",
        "'{display}' không phải là cách viết của số {number}",
    ),
    "phone_write_display": (
        "write the same digits, grouped with spaces, e.g. {example}",
        "viết đúng các chữ số đó, cách nhau bằng dấu cách, ví dụ {example}",
    ),
    "phone_tel_differs": (
        "{tel} does not dial the number {number}",
        "{tel} không gọi tới số {number}",
    ),
    "date_in_future": ("{date} is after today ({today})", "{date} là ngày sau hôm nay ({today})"),
    "date_past_only": (
        "write the day it happened: a check or a source cannot be dated in the future",
        "viết ngày đã diễn ra: việc kiểm tra hay nguồn không thể mang ngày trong tương lai",
    ),
    "date_range": (
        "expected a date between {first} and {last}",
        "cần một ngày trong khoảng {first} đến {last}",
    ),
    "ends_before_start": (
        "the campaign ends ({ends}) before it starts ({starts})",
        "chiến dịch kết thúc ({ends}) trước khi bắt đầu ({starts})",
    ),
    "swap_dates": ("check both dates in the source", "kiểm tra lại cả hai ngày trong nguồn"),
    "finite_number": ("expected a finite number", "cần một con số hữu hạn"),
    # The file's name and place
    "bad_file_name": (
        "the file name '{name}' is not NAME.vi.md or NAME.en.md",
        "tên tệp '{name}' không có dạng TÊN.vi.md hoặc TÊN.en.md",
    ),
    "rename_to": ("rename it to {name}", "đổi tên tệp thành {name}"),
    "lang_mismatch": (
        "says '{lang}' but the file name ends in .{file_lang}.md",
        "ghi '{lang}' nhưng tên tệp kết thúc bằng .{file_lang}.md",
    ),
    "slug_mismatch": (
        "'{slug}' differs from the file name '{stem}'",
        "'{slug}' khác với tên tệp '{stem}'",
    ),
    "write_slug_or_rename": (
        "write slug: {stem} (or rename the file)",
        "viết slug: {stem} (hoặc đổi tên tệp)",
    ),
    "wrong_folder": (
        "a {type} must live in content/{section}/, not in {folder}/",
        "nội dung loại {type} phải nằm trong content/{section}/, không phải {folder}/",
    ),
    "outside_sections": (
        "the file is at the top of content/, where nothing is published",
        "tệp nằm ngay trong content/, nơi không có gì được đăng",
    ),
    "not_a_section": (
        "the folder {folder}/ is not a section: nothing in it is published (sections: {sections})",
        "thư mục {folder}/ không phải là một mục: không tệp nào trong đó được đăng (các "
        "mục: {sections})",
    ),
    "not_markdown": (
        "'{name}' is not published: only files named NAME.vi.md or NAME.en.md are",
        "'{name}' không được đăng: chỉ các tệp tên TÊN.vi.md hoặc TÊN.en.md mới được đăng",
    ),
    "move_to": ("move the file to content/{section}/", "chuyển tệp vào content/{section}/"),
    # Across files
    "slug_taken": ("'{slug}' is already used by {other}", "'{slug}' đã được dùng ở {other}"),
    "choose_slug": (
        "choose another slug and rename the file to match",
        "chọn slug khác và đổi tên tệp cho khớp",
    ),
    "no_translation": ("has no {language} translation", "chưa có bản {language}"),
    "create_translation": (
        "create {wanted} with the same slug, type and facts",
        "tạo tệp {wanted} có cùng slug, loại và các dữ kiện",
    ),
    "type_differs": (
        "is '{en_type}' but the Vietnamese file says '{vi_type}'",
        "là '{en_type}' nhưng tệp tiếng Việt ghi '{vi_type}'",
    ),
    "fact_differs": (
        "the value differs from the Vietnamese file ({where}): vi has {a}, en has {b}",
        "giá trị khác với tệp tiếng Việt ({where}): bản vi là {a}, bản en là {b}",
    ),
    "count_differs": (
        "the number of items differs from the Vietnamese file ({where}): vi has {a}, en has {b}",
        "số mục khác với tệp tiếng Việt ({where}): bản vi có {a}, bản en có {b}",
    ),
    "same_facts": (
        "facts (numbers, dates, codes, references) must be the same in both languages",
        "các dữ kiện (số, ngày, mã, tham chiếu) phải giống nhau ở cả hai ngôn ngữ",
    ),
    "unknown_agency": ("unknown agency '{slug}'", "không có cơ quan '{slug}'"),
    "did_you_mean": ("did you mean {names}?", "có phải là {names}?"),
    "add_agency": (
        "add the agency under content/agencies/ or correct the slug",
        "thêm cơ quan vào content/agencies/ hoặc sửa lại slug",
    ),
    "unknown_law": ("unknown law '{slug}'", "không có văn bản '{slug}'"),
    "add_law": (
        "add the law under content/laws/ or correct the slug",
        "thêm văn bản vào content/laws/ hoặc sửa lại slug",
    ),
    "unknown_locality": ("unknown locality code '{code}'", "không có mã địa bàn '{code}'"),
    "nearest": ("nearest: {names}", "gần nhất: {names}"),
    "look_up_code": (
        "look the code up in content/data/localities/*.csv",
        "tra mã trong content/data/localities/*.csv",
    ),
    "verified_old": (
        "the number was last verified on {date}, more than 180 days ago",
        "số này được kiểm tra lần cuối ngày {date}, đã hơn 180 ngày",
    ),
    "check_again": (
        "call or check the source again, then update the date",
        "gọi thử hoặc kiểm tra lại nguồn, rồi cập nhật ngày",
    ),
    "hotline_no_public_source": (
        "the hotline has no public source: none of its sources has an address",
        "đường dây nóng chưa có nguồn công khai: không nguồn nào có địa chỉ",
    ),
    "add_hotline_source": (
        "add a source with url: https://… where the number can be read, as you verified it",
        "thêm một nguồn có url: https://… nơi đọc được số này, như khi bạn kiểm chứng",
    ),
    "source_no_url": (
        "the source has no public address and no note saying why",
        "nguồn không có địa chỉ công khai và không có ghi chú giải thích",
    ),
    "add_url_or_note": (
        "add url: https://… or a note: saying that none is public",
        "thêm url: https://… hoặc note: ghi rõ nguồn không có địa chỉ công khai",
    ),
    "stale_translation": (
        "the {language} translation was last changed on {date}, before its Vietnamese "
        "source ({source_date})",
        "bản {language} được sửa lần cuối ngày {date}, trước bản gốc tiếng Việt ({source_date})",
    ),
    "update_translation": (
        "bring it up to date with {source}, then commit both",
        "cập nhật bản dịch theo {source}, rồi commit cả hai tệp",
    ),
    # The Markdown text
    "image_no_alt": ("the image {src} has no alt text", "hình {src} không có mô tả (alt)"),
    "add_alt": (
        "say what the image shows between the brackets: ![…]({src})",
        "mô tả nội dung hình trong ngoặc vuông: ![…]({src})",
    ),
    "refused_element": (
        "the element <{element}> is not allowed in a page",
        "thẻ <{element}> không được dùng trong trang",
    ),
    "refused_attribute": (
        "the attribute {attribute} of <{element}> is not allowed in a page",
        "thuộc tính {attribute} của thẻ <{element}> không được dùng trong trang",
    ),
    "refused_address": (
        "the address {value} of <{element}> is not allowed: links may use http, https, "
        "mailto, tel or a relative address, images only a relative one",
        "địa chỉ {value} của thẻ <{element}> không được phép: liên kết chỉ dùng http, "
        "https, mailto, tel hoặc địa chỉ tương đối, hình ảnh chỉ dùng địa chỉ tương đối",
    ),
    "refused_comment": (
        "an HTML comment is not allowed in a page",
        "không được dùng chú thích HTML trong trang",
    ),
    "remove_html": (
        "remove it, or show it as code between backticks or in an indented block: pages "
        "carry no code, styles, frames or outside images of their own",
        "xóa đi, hoặc trình bày dưới dạng mã giữa hai dấu ` hoặc trong khối thụt lề: trang "
        "không được chứa mã chạy, kiểu trình bày, khung hay hình ảnh từ trang khác",
    ),
    "too_deep_text": (
        "the text is nested more than {limit} levels deep (lists or quotes)",
        "văn bản lồng nhau sâu hơn {limit} cấp (danh sách hoặc trích dẫn)",
    ),
    "flatten_text": (
        "use fewer levels: split the list, or use headings",
        "giảm số cấp: tách danh sách, hoặc dùng tiêu đề",
    ),
    "too_many_marks": (
        "the text holds {count} '{char}' characters, more than the {limit} a page may hold",
        "văn bản có {count} ký tự '{char}', quá giới hạn {limit} của một trang",
    ),
    "long_paragraph": (
        "a paragraph of {length} characters, more than the {limit} a paragraph may hold",
        "một đoạn văn dài {length} ký tự, quá giới hạn {limit} của một đoạn",
    ),
    "add_blank_lines": (
        "split it into shorter paragraphs with blank lines",
        "tách thành các đoạn ngắn hơn bằng dòng trống",
    ),
    "body_heavy": (
        "the page text alone weighs {size} KB compressed, so the page would exceed the "
        "{budget} KB budget of a first visit",
        "riêng nội dung trang đã nặng {size} KB khi nén, nên trang sẽ vượt giới hạn "
        "{budget} KB của một lần tải đầu",
    ),
    "shorten_body": (
        "split the text into several pages, or shorten it",
        "chia nội dung thành nhiều trang, hoặc rút gọn",
    ),
    "broken_link": (
        "the link {href} leads to no page of this site",
        "liên kết {href} không dẫn tới trang nào của trang web",
    ),
    "link_hint": (
        "link pages of this site relatively, e.g. ../../hotlines/ from a content page",
        "liên kết tới trang của trang web bằng đường dẫn tương đối, ví dụ ../../hotlines/ "
        "từ một trang nội dung",
    ),
    "absolute_link": (
        "the link {href} starts with / and breaks when the site is published under a sub-path",
        "liên kết {href} bắt đầu bằng / nên sẽ hỏng khi trang web được đăng dưới một thư mục con",
    ),
    "write_link": ("write {href}", "viết {href}"),
    "broken_file_link": (
        "the link {href} names no content file",
        "liên kết {href} không trỏ tới tệp nội dung nào",
    ),
    # The awareness days file
    "awareness_list": ("expected a list of awareness days", "cần một danh sách các ngày hưởng ứng"),
    "awareness_entry": ("start each entry with '- id: …'", "bắt đầu mỗi mục bằng '- id: …'"),
    "awareness_fix": (
        "see the entries above it for the expected form",
        "xem các mục phía trên để biết cách viết",
    ),
    # The locality registry
    "code_twice": ("the code {code} is used twice", "mã {code} bị dùng hai lần"),
    "own_code": (
        "give each unit its own official code",
        "dùng mã chính thức riêng cho từng đơn vị",
    ),
    "unknown_parent": (
        "unit {code} names an unknown parent {parent}",
        "đơn vị {code} có đơn vị cấp trên không tồn tại {parent}",
    ),
    "use_province": (
        "use the code of an existing province",
        "dùng mã của một tỉnh có trong danh mục",
    ),
    "unknown_successor": (
        "unit {code} was merged into unknown unit {successor}",
        "đơn vị {code} được sáp nhập vào đơn vị không tồn tại {successor}",
    ),
    "use_unit": ("use the code of an existing unit", "dùng mã của một đơn vị có trong danh mục"),
    "no_name": ("unit {code} has no {language} name", "đơn vị {code} chưa có tên {language}"),
    "fill_in": ("fill in {column}", "điền cột {column}"),
    "own_ancestor": ("unit {code} is its own ancestor", "đơn vị {code} là cấp trên của chính nó"),
    "fix_parent": (
        "fix the parent column so the chain ends at a province",
        "sửa cột parent để chuỗi cấp trên kết thúc ở một tỉnh",
    ),
}
