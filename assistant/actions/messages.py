"""Reply wording in Vietnamese and English. Facts (counters, fees, documents...) always come from the
queue server's catalogue passed in; nothing here invents one."""

from __future__ import annotations

from datetime import datetime

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
DAY_NAMES = {
    "vi": ["Thứ 2", "Thứ 3", "Thứ 4", "Thứ 5", "Thứ 6", "Thứ 7", "Chủ nhật"],
    "en": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
}

T = {
    "greet": {"vi": "Xin chào! Tôi là robot lễ tân{place}. Tôi có thể chỉ quầy, giấy tờ cần mang, lệ phí, thời gian giải quyết và lấy số thứ tự giúp anh/chị.",
              "en": "Hello! I am the reception robot{place}. I can tell you which counter to go to, the documents, fees and processing times, and give you a queue ticket."},
    "goodbye": {"vi": "Chào anh/chị, chúc anh/chị một ngày tốt lành!", "en": "Goodbye, have a nice day!"},
    "thanks": {"vi": "Không có gì ạ. Anh/chị cần hỏi thêm gì cứ nói với tôi nhé.", "en": "You're welcome. Ask me if you need anything else."},
    "server_down": {"vi": "Xin lỗi, hệ thống xếp hàng đang không phản hồi nên tôi chưa tra cứu được. Anh/chị vui lòng lấy số tại máy hoặc hỏi cán bộ hướng dẫn.",
                    "en": "Sorry, the queue system is not responding, so I cannot look this up right now. Please take a ticket at the kiosk or ask a staff member."},
    "which_procedure": {"vi": "Anh/chị muốn hỏi thủ tục nào ạ?", "en": "Which procedure do you mean?"},
    "which_of": {"vi": "Anh/chị muốn hỏi thủ tục nào trong các thủ tục sau?", "en": "Which of these procedures do you mean?"},
    "redirect": {"vi": "Thủ tục {name} không làm tại trung tâm này: anh/chị vui lòng liên hệ {where} (có thể nộp trực tuyến qua ứng dụng VNeID hoặc Cổng dịch vụ công quốc gia).",
                 "en": "{name} is not handled at this centre: please go to the commune police ({where}), or apply online through the VNeID app or the National Public Service Portal."},
    "police_generic": {"vi": "Việc cư trú (thường trú, tạm trú, hộ khẩu) và căn cước do Công an xã/phường giải quyết, hoặc nộp qua VNeID / Cổng dịch vụ công quốc gia.",
                       "en": "Residence (permanent or temporary) and ID cards are handled by the commune police, or online through VNeID / the National Public Service Portal."},
    "counter": {"vi": "Thủ tục {name} (lĩnh vực {field}). Quầy phục vụ: {counters}.{ticket}",
                "en": "{name} ({field}). Serving counters: {counters}.{ticket}"},
    "counter_field": {"vi": "Các thủ tục lĩnh vực {field}. Quầy phục vụ: {counters}.{ticket}",
                      "en": "{field} procedures. Serving counters: {counters}.{ticket}"},
    "counter_where": {"vi": "Quầy số {number}{name}: {location}.{serves}", "en": "Counter {number}{name}: {location}.{serves}"},
    "counter_serves": {"vi": " Quầy tiếp nhận: {fields}.", "en": " It handles: {fields}."},
    "counter_unplaced": {"vi": "chưa có vị trí trong danh mục, anh/chị vui lòng hỏi cán bộ hướng dẫn",
                         "en": "its place is not in the catalogue yet; please ask a staff member"},
    "counter_unknown": {"vi": "Trung tâm không có quầy số {number}. Các quầy: {numbers}.",
                        "en": "There is no counter {number} here. Counters: {numbers}."},
    "counter_which": {"vi": "Anh/chị hỏi quầy số mấy ạ? Các quầy: {numbers}.", "en": "Which counter number? Counters: {numbers}."},
    "today_hours": {"vi": "Hôm nay ({day}): {spans}. ", "en": "Today ({day}): {spans}. "},
    "take_prefix": {"vi": " Anh/chị lấy số {prefix} tại máy (hoặc nhờ tôi lấy số), sau đó chờ gọi số.",
                    "en": " Take a ticket with the letter {prefix} at the kiosk (or ask me for one) and wait for your number to be called."},
    "queue_now": {"vi": " Hiện có {waiting} người đang chờ, {wait}.", "en": " {waiting} people are waiting now, {wait}."},
    "wait_minutes": {"vi": "thời gian chờ khoảng {eta} phút", "en": "about {eta} minutes"},
    "wait_unstaffed": {"vi": "các quầy phục vụ chưa có cán bộ nên chưa ước tính được thời gian chờ",
                       "en": "no counter serving it is staffed yet, so there is no wait estimate"},
    "wait_unknown": {"vi": "chưa ước tính được thời gian chờ", "en": "no wait estimate yet"},
    "no_counter": {"vi": "hiện chưa có quầy nào được cấu hình cho lĩnh vực này (anh/chị vui lòng hỏi cán bộ hướng dẫn)",
                   "en": "no counter is configured for this field yet (please ask a staff member)"},
    "closed": {"vi": " (tạm đóng)", "en": " (closed now)"},
    "documents": {"vi": "Hồ sơ {name} gồm:\n{items}", "en": "Documents for {name} (names as on the official forms):\n{items}"},
    "overview_documents": {"vi": "Hồ sơ gồm:\n{items}", "en": "Documents (names as on the official forms):\n{items}"},
    "no_documents": {"vi": "Danh mục chưa có giấy tờ cho thủ tục {name}; anh/chị vui lòng hỏi tại quầy.",
                     "en": "The catalogue lists no documents for {name}; please ask at the counter."},
    "fee": {"vi": "Lệ phí {name}: {fee}", "en": "Fee for {name}: {fee}"},
    "time": {"vi": "Thời gian giải quyết {name}: {time}", "en": "Processing time for {name}: {time}"},
    "overview": {"vi": "{name} (lĩnh vực {field}). Quầy phục vụ: {counters}. Lệ phí: {fee}. Thời gian: {time}.",
                 "en": "{name} ({field}). Serving counters: {counters}. Fee: {fee}. Processing time: {time}."},
    "field_overview": {"vi": "Lĩnh vực {field}. Quầy phục vụ: {counters}. Anh/chị muốn làm thủ tục nào?",
                       "en": "{field}. Serving counters: {counters}. Which procedure do you need?"},
    "ask_priority": {"vi": "Lấy số cho thủ tục {name} (lĩnh vực {field}). Anh/chị có thuộc diện ưu tiên không?",
                     "en": "A ticket for {name} ({field}). Do you belong to a priority group?"},
    "which_priority": {"vi": "Anh/chị thuộc diện ưu tiên nào?", "en": "Which priority group?"},
    "ticket": {"vi": "Đã lấy số {number} cho thủ tục {name}. Mời anh/chị đến {counters}. Phía trước còn {ahead} người, {wait}. Vui lòng giữ số và chờ gọi số. Xin cảm ơn!",
               "en": "Your number is {number} for {name}. Please go to {counters}. {ahead} people are ahead of you, {wait}. Please keep your number and wait to be called. Thank you!"},
    "appointment_ask_code": {"vi": "Anh/chị vui lòng cho tôi mã lịch hẹn (trong tin nhắn xác nhận hoặc dưới mã QR, ví dụ K7M3QX) để tôi lấy số cho anh/chị.",
                             "en": "Please tell me your booking code (in the confirmation message or under the QR code, e.g. K7M3QX) and I will get your number."},
    "appointment_ticket": {"vi": "Đã nhận lịch hẹn: số của anh/chị là {number} cho thủ tục {name}. Mời anh/chị đến {counters}.{said}",
                           "en": "Checked in: your number is {number} for {name}. Please go to {counters}.{said}"},
    "appointment_unknown": {"vi": "Tôi không tìm thấy lịch hẹn có mã {code}. Anh/chị kiểm tra lại mã giúp tôi, hoặc gặp cán bộ hướng dẫn.",
                            "en": "I cannot find an appointment with the code {code}. Please check the code, or ask a staff member."},
    "appointment_refused": {"vi": "Chưa nhận được lịch hẹn: {reason}", "en": "I could not check you in: {reason}"},
    "appointment_failed": {"vi": "Xin lỗi, tôi chưa nhận được lịch hẹn lúc này. Anh/chị vui lòng quét mã tại máy lấy số hoặc gặp cán bộ hướng dẫn.",
                           "en": "Sorry, I cannot check you in right now. Please scan your code at the ticket kiosk or ask a staff member."},
    "ticket_cancelled": {"vi": "Vâng, tôi không lấy số nữa. Anh/chị cần hỏi gì thêm ạ?", "en": "OK, no ticket. Anything else I can help with?"},
    "ticket_failed": {"vi": "Xin lỗi, tôi chưa lấy được số: {reason} Anh/chị vui lòng lấy số tại máy hoặc hỏi cán bộ hướng dẫn.",
                      "en": "Sorry, I could not issue a ticket: {reason} Please use the ticket kiosk or ask a staff member."},
    "centre_closed": {"vi": "Hiện chưa lấy được số: {reason}", "en": "No tickets can be issued right now (the centre is closed). {reason}"},
    "priority_info": {"vi": "Trung tâm ưu tiên: {groups}. Khi lấy số, anh/chị chọn diện ưu tiên; cán bộ có thể kiểm tra giấy tờ tại quầy.",
                      "en": "Priority is given to: {groups}. Choose your priority group when taking a ticket; staff may check a document at the counter."},
    "ask_ticket_number": {"vi": "Anh/chị cho tôi biết số thứ tự trên phiếu (ví dụ A-025) nhé.",
                          "en": "What is the number on your ticket (for example A-025)?"},
    "ticket_not_found": {"vi": "Tôi không tìm thấy số {number} hôm nay. Anh/chị kiểm tra lại số trên phiếu giúp tôi.",
                         "en": "I cannot find ticket {number} today. Please check the number on your ticket."},
    "ticket_waiting": {"vi": "Số {number}: phía trước còn {ahead} người, {wait}. Quầy phục vụ: {counters}.",
                       "en": "Ticket {number}: {ahead} people ahead of you, {wait}. Counter: {counters}."},
    "ticket_called": {"vi": "Số {number} đã được gọi: mời anh/chị đến quầy số {counter}.",
                      "en": "Number {number} has been called: please go to counter {counter}."},
    "ticket_status": {"vi": "Số {number}: {status}.", "en": "Ticket {number}: {status}."},
    "hours": {"vi": "Giờ làm việc: {hours}.", "en": "Opening hours: {hours}."},
    "open_now": {"vi": " Hiện trung tâm đang làm việc.", "en": " The centre is open now."},
    "closed_now": {"vi": " Hiện đang ngoài giờ làm việc.", "en": " The centre is closed now."},
    "next_opening": {"vi": " Mở cửa lại lúc {when}.", "en": " It opens again at {when}."},
    "closed_day": {"vi": "nghỉ", "en": "closed"},
    "always_open": {"vi": "cả tuần, 24 giờ mỗi ngày", "en": "every day, 24 hours a day"},
    # handoff: the staff consoles were alerted (POST /api/v1/help-requests); handoff_failed: they could not be
    "handoff": {"vi": "Vâng, tôi đã báo cán bộ, cán bộ sẽ đến hỗ trợ anh/chị ngay. Anh/chị vui lòng chờ tại đây, cạnh robot{number}.",
                "en": "I have called a staff member, who is coming to help you. Please wait here, next to the robot{number}."},
    "handoff_number": {"vi": " (nhớ cầm theo số {number})", "en": " (keep your ticket {number} with you)"},
    "handoff_failed": {"vi": "Xin lỗi, tôi chưa báo được cán bộ. Anh/chị vui lòng đến {where} để được hỗ trợ trực tiếp.",
                       "en": "Sorry, I could not reach the staff just now. Please go to {where} for help in person."},
    "handoff_desk": {"vi": "bàn hướng dẫn ở sảnh", "en": "the information desk in the hall"},
    "handoff_desk_or": {"vi": "bàn hướng dẫn ở sảnh hoặc {counter}", "en": "the information desk in the hall or {counter}"},
    "out_of_scope": {"vi": "Xin lỗi, việc này không thuộc các thủ tục tại trung tâm. Tôi có thể giúp về quầy, giấy tờ, lệ phí, thời gian giải quyết và lấy số.",
                     "en": "Sorry, that is not something this centre handles. I can help with counters, documents, fees, processing times and queue tickets."},
    "fallback": {"vi": "Xin lỗi, tôi chưa hiểu rõ. Có phải anh/chị hỏi về một trong các thủ tục sau? Hoặc tôi gọi cán bộ hỗ trợ nhé.",
                 "en": "Sorry, I did not quite understand. Do you mean one of these procedures? Or I can call a staff member."},
    "fallback_fields": {"vi": "Xin lỗi, tôi chưa hiểu rõ. Anh/chị chọn lĩnh vực cần làm, hoặc tôi gọi cán bộ hỗ trợ nhé.",
                        "en": "Sorry, I did not quite understand. Please choose a field, or I can call a staff member."},
    "other_language": {"vi": "Xin lỗi, tôi chỉ hiểu tiếng Việt và tiếng Anh. Anh/chị vui lòng hỏi lại bằng tiếng Việt hoặc tiếng Anh, hoặc tôi gọi cán bộ hỗ trợ nhé.",
                       "en": "Sorry, I only understand Vietnamese and English. Please ask again in Vietnamese or English, or I can call a staff member."},
    "anything_else": {"vi": "Vâng. Anh/chị cần hỏi gì thêm ạ?", "en": "OK. Anything else I can help with?"},
    "free": {"vi": "miễn phí", "en": "free of charge"},
    "fee_unset": {"vi": "theo mức của tỉnh", "en": "set by the province"},
    "same_day": {"vi": "trong ngày", "en": "same day"},
    "working_days": {"vi": "{n} ngày làm việc", "en": "{n} working days"},
    "details": {"vi": "", "en": " (details in Vietnamese: {text})"},
    # Another centre nearby with a shorter wait (nearby.py)
    "near_here": {"vi": "Thủ tục {name}: ở đây hiện {wait}.", "en": "{name} here: {wait}."},
    "near_here_general": {"vi": "Ở đây, lĩnh vực chờ lâu nhất hiện {wait}.", "en": "Here, the longest line now: {wait}."},
    "near_wait": {"vi": "chờ khoảng {minutes} phút", "en": "about {minutes} minutes' wait"},
    "near_no_wait": {"vi": "không phải chờ", "en": "no wait"},
    "near_wait_unstaffed": {"vi": "chưa có cán bộ ở quầy phục vụ nên chưa ước tính được thời gian chờ",
                            "en": "no counter serving it is staffed yet, so no wait estimate"},
    "near_away": {"vi": "cách {km} km, ", "en": "{km} km away, "},
    "near_quicker": {"vi": " Gần đây có nơi chờ ngắn hơn, cũng giải quyết thủ tục này:",
                     "en": " These centres nearby handle it with a shorter wait:"},
    "near_elsewhere": {"vi": " Gần đây có nơi giải quyết thủ tục này:", "en": " These centres nearby handle it:"},
    "near_quicker_general": {"vi": " Gần đây có nơi chờ ngắn hơn:", "en": " Nearby centres with a shorter wait:"},
    "near_quickest": {"vi": " Đây đang là nơi chờ ngắn nhất trong các trung tâm gần đây, anh/chị có thể lấy số làm ở đây ạ.",
                      "en": " This centre has the shortest wait nearby: you can take a ticket here."},
    "near_not_here": {"vi": "Trung tâm này không giải quyết thủ tục {name}.", "en": "This centre does not handle {name}."},
    "near_none": {"vi": " Hiện chưa có trung tâm nào gần đây đang mở cửa và giải quyết thủ tục này.",
                  "en": " No centre nearby that handles it is open now."},
    "near_more": {"vi": "Anh/chị xem thêm các trung tâm gần đây và thời gian chờ tại trang {url}.",
                  "en": "See the centres nearby and their waits at {url}."},
    "near_single": {"vi": "Hệ thống này chỉ có một trung tâm, không có trung tâm nào khác để anh/chị sang làm ạ. ",
                    "en": "This system has only this one centre; there is no other centre to go to. "},
    "near_here_wait": {"vi": "Thủ tục {name} ở đây hiện có {waiting} người đang chờ, {wait}.",
                       "en": "{name} here: {waiting} people waiting, {wait}."},
    "near_here_all": {"vi": "Ở đây hiện có {waiting} người đang chờ.", "en": "{waiting} people are waiting here now."},
    "near_which": {"vi": "Anh/chị làm thủ tục nào để tôi xem nơi nào giải quyết thủ tục đó nhanh hơn ạ?",
                   "en": "Which procedure is it for? I will check where it is quicker."},
    # Buttons
    "b_ticket": {"vi": "Lấy số", "en": "Take a ticket"},
    "b_documents": {"vi": "Giấy tờ cần mang", "en": "Documents"},
    "b_fee": {"vi": "Lệ phí", "en": "Fee"},
    "b_time": {"vi": "Thời gian", "en": "Processing time"},
    "b_staff": {"vi": "Gặp cán bộ", "en": "Talk to staff"},
    "b_no_priority": {"vi": "Không ưu tiên", "en": "No priority"},
    "b_cancel": {"vi": "Hủy", "en": "Cancel"},
}

# Where visitors are sent for matters the centre does not handle (catalogue FAQ 'redirect_other').
ELSEWHERE = [
    (("ly hon",), {"vi": "Việc ly hôn do Tòa án nhân dân khu vực giải quyết.", "en": "Divorce is handled by the regional People's Court."}),
    (("bang lai", "gplx", "driving licence", "driving license", "driver"),
     {"vi": "Giấy phép lái xe do Sở Xây dựng cấp (có thể nộp qua Cổng dịch vụ công).",
      "en": "Driving licences are issued by the provincial Department of Construction (also online via the Public Service Portal)."}),
    (("thue", "tax"), {"vi": "Việc thuế do cơ quan thuế giải quyết (hoặc qua eTax).", "en": "Taxes are handled by the tax office (or online via eTax)."}),
]


def t(key: str, lang: str, **values) -> str:
    return T[key][lang if lang in ("vi", "en") else "vi"].format(**values)


def both(key: str, joiner: str = "\n", **values) -> str:
    """Vietnamese, then English: for a visitor whose language the robot does not know."""
    return joiner.join(t(key, lang, **values) for lang in ("vi", "en"))


def name_of(item: dict, lang: str) -> str:
    name = item.get("name") or {}
    return name.get(lang) or name.get("vi") or item.get("id", "")


def fee_text(procedure: dict, lang: str) -> str:
    fee = procedure.get("fee") or {}
    amount, text = fee.get("amount_vnd"), (fee.get("text") or "").strip()
    if lang == "vi":
        return text or (t("free", lang) if amount == 0 else t("fee_unset", lang))
    if amount == 0:
        head = t("free", lang)
    elif amount:
        head = f"{amount:,} VND"
    else:
        head = t("fee_unset", lang) if not text else ""
    if text and head:
        return head + t("details", lang, text=text)
    return head or text


def time_text(procedure: dict, lang: str) -> str:
    pt = procedure.get("processing_time") or {}
    days, text = pt.get("working_days"), (pt.get("text") or "").strip()
    if lang == "vi":
        return text or "chưa có thông tin"
    if days == 0:
        head = t("same_day", lang)
    elif days:
        head = t("working_days", lang, n=days)
    else:
        return f"see details in Vietnamese: {text}" if text else "not listed"
    return head + (t("details", lang, text=text) if text else "")


def wait_text(answer: dict, lang: str) -> str:
    """The wait in words: the queue server's `eta_minutes` is null while no counter serving the procedure is
    staffed (someone at the desk), and absent from an older server."""
    if "eta_minutes" not in answer:
        return t("wait_unknown", lang)
    if answer["eta_minutes"] is None:
        return t("wait_unstaffed", lang)
    return t("wait_minutes", lang, eta=answer["eta_minutes"])


def counters_text(counters: list[dict], lang: str) -> str:
    if not counters:
        return t("no_counter", lang)
    parts = []
    for c in counters:
        label = (f"quầy số {c['number']}" if lang == "vi" else f"counter {c['number']}")
        if c.get("name"):
            label += f" – {c['name']}"
        if c.get("location"):
            label += f" ({c['location']})"
        if c.get("open") is False or c.get("staffed") is False:
            label += t("closed", lang)
        parts.append(label)
    joiner = " hoặc " if lang == "vi" else " or "
    return joiner.join(parts)


# The queue server's ticket statuses, as a visitor would say them.
STATUS_WORDS = {
    "serving": {"vi": "đang được phục vụ", "en": "being served"},
    "held": {"vi": "đang tạm dừng tại quầy", "en": "on hold at the counter"},
    "done": {"vi": "đã phục vụ xong", "en": "already served"},
    "no_show": {"vi": "đã qua lượt vì vắng mặt, anh/chị hãy báo cán bộ tại quầy", "en": "missed (not present when called); please tell the staff at the counter"},
    "cancelled": {"vi": "đã hủy", "en": "cancelled"},
}


def status_text(status: str | None, lang: str) -> str:
    words = STATUS_WORDS.get(status or "")
    return words[lang] if words else str(status)


def hours_text(opening_hours: dict, lang: str, always_open: bool = False) -> str:
    """{'mon': [['07:00','11:30'], ...], ...} → 'Thứ 2–Thứ 6: 07:00–11:30, 13:30–17:00; Thứ 7–Chủ nhật: nghỉ'.
    A centre open 24/7 (catalogue `always_open`, empty hours) → 'cả tuần, 24 giờ mỗi ngày'."""
    if always_open:
        return t("always_open", lang)
    groups: list[tuple[int, int, str]] = []
    for i, day in enumerate(DAYS):
        spans = opening_hours.get(day) or []
        text = ", ".join(f"{a}–{b}" for a, b in spans) or t("closed_day", lang)
        if groups and groups[-1][2] == text and groups[-1][1] == i - 1:
            groups[-1] = (groups[-1][0], i, text)
        else:
            groups.append((i, i, text))
    names = DAY_NAMES[lang]
    return "; ".join((names[a] if a == b else f"{names[a]}–{names[b]}") + f": {text}" for a, b, text in groups)


def today_text(opening_hours: dict, lang: str, now: datetime | None = None) -> str:
    """'Hôm nay (Thứ 7): 07:30–11:30. ' — today's opening and closing times, first in the hours answer."""
    now = now or datetime.now()
    spans = opening_hours.get(DAYS[now.weekday()]) or []
    text = ", ".join(f"{a}–{b}" for a, b in spans) or t("closed_day", lang)
    return t("today_hours", lang, day=DAY_NAMES[lang][now.weekday()], spans=text)


def when_text(iso: str, lang: str) -> str:
    try:
        moment = datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return str(iso)
    day = DAY_NAMES[lang][moment.weekday()]
    return f"{moment:%H:%M} {day} {moment:%d/%m}" if lang == "vi" else f"{moment:%H:%M} on {day} {moment:%d/%m}"
