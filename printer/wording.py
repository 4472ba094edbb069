"""The fixed words of a paper ticket, in the language the visitor chose at the kiosk ("vi" or "en")."""

WORDS = {
    "vi": {
        "title": "PHIẾU SỐ THỨ TỰ", "closing": "Vui lòng giữ phiếu và chờ gọi số. Xin cảm ơn!",
        "qr_caption": "Quét mã để theo dõi lượt và đánh giá dịch vụ", "track_at": "Theo dõi lượt tại:",
        "priority": "Ưu tiên", "field": "Lĩnh vực", "procedure": "Thủ tục", "counter": "Quầy",
        "ahead": "Số người chờ trước", "wait": "Thời gian chờ dự kiến", "minutes": "khoảng {n} phút",
        "closed_for_now": "Tạm đóng", "not_open_yet": "các quầy chưa mở",
        "time": "Thời gian", "session": "Buổi", "morning": "Sáng", "afternoon": "Chiều",
    },
    "en": {
        "title": "QUEUE TICKET", "closing": "Please keep this ticket and wait for your number. Thank you!",
        "qr_caption": "Scan to follow your turn and rate the service", "track_at": "Follow your turn at:",
        "priority": "Priority", "field": "Field", "procedure": "Procedure", "counter": "Counter",
        "ahead": "People ahead of you", "wait": "Estimated wait", "minutes": "about {n} minutes",
        "closed_for_now": "closed for now", "not_open_yet": "the counters are not open yet",
        "time": "Time", "session": "Session", "morning": "Morning", "afternoon": "Afternoon",
    },
}


def words_for(language: str) -> dict:
    return WORDS.get(language, WORDS["vi"])
