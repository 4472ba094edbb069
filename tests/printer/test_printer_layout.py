import unicodedata
from datetime import datetime

import pytest
from PIL import Image
from pyzbar.pyzbar import decode

from printer import fonts
from printer.errors import BadTicketData, FontMissing, QRCodeTooLarge
from printer.layout import render_ticket, wrap
from printer.profiles import PROFILES
from printer.ticket import TicketJob


def qr_texts(image: Image.Image) -> list[str]:
    return [r.data.decode() for r in decode(image.convert("L")) if r.type == "QRCODE"]


def ink_columns(image: Image.Image) -> tuple[int, int]:
    """Leftmost and rightmost column with a black dot."""
    inverted = Image.eval(image.convert("L"), lambda p: 255 - p)
    left, _, right, _ = inverted.getbbox()
    return left, right


@pytest.mark.parametrize("profile", ["58mm", "80mm-512", "80mm"])
def test_ticket_is_exactly_as_wide_as_the_print_head_and_its_qr_code_opens_the_tracking_page(job, profile):
    image = render_ticket(TicketJob.from_payload(job), PROFILES[profile])
    assert image.mode == "1"
    assert image.width == PROFILES[profile].width_dots
    assert qr_texts(image) == [job["ticket"]["track_url"]]


def test_a_very_long_procedure_name_wraps_onto_more_lines_inside_the_margins(job):
    profile = PROFILES["58mm"]
    short = render_ticket(TicketJob.from_payload(job), profile)
    job["ticket"]["procedure_name"]["vi"] = (
        "Đăng ký kết hôn có yếu tố nước ngoài kết hợp ghi vào sổ hộ tịch việc thay đổi, cải chính, "
        "bổ sung thông tin hộ tịch và xác định lại dân tộc cho công dân Việt Nam cư trú ở nước ngoài"
    )
    job["ticket"]["counters"][0]["location"] = "Tầng 1, dãy nhà B, phía sau quầy tiếp nhận hồ sơ đất đai"
    long = render_ticket(TicketJob.from_payload(job), profile)
    assert long.width == short.width
    assert long.height > short.height + 60  # several extra lines, not one clipped line
    left, right = ink_columns(long)
    assert left >= 4 and right <= profile.width_dots - 4  # nothing runs off the paper edge


def test_wrap_never_loses_or_overflows_text_even_for_one_huge_word():
    f = fonts.font("regular", 22)
    text = "Thủ tục: " + "x" * 120 + " chứng thực bản sao từ bản chính giấy tờ"
    lines = wrap(text, f, 300)
    assert all(f.getlength(line) <= 300 for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_decomposed_vietnamese_prints_exactly_like_precomposed(job):
    composed = render_ticket(TicketJob.from_payload(job), PROFILES["80mm"])
    for key in ("field_name", "procedure_name"):
        job["ticket"][key]["vi"] = unicodedata.normalize("NFD", job["ticket"][key]["vi"])
    job["centre"]["name"] = unicodedata.normalize("NFD", job["centre"]["name"])
    decomposed = render_ticket(TicketJob.from_payload(job), PROFILES["80mm"])
    assert composed.tobytes() == decomposed.tobytes()


@pytest.mark.parametrize(
    "issued_at, session",
    [("2026-11-22T08:05:03+07:00", "Sáng"), ("2026-11-22T11:59:59+07:00", "Sáng"),
     ("2026-11-22T12:00:00+07:00", "Chiều"), ("2026-11-22T16:45:00+07:00", "Chiều")],
)
def test_session_is_morning_before_noon_local_time(job, issued_at, session):
    job["ticket"]["issued_at"] = issued_at
    assert TicketJob.from_payload(job).session == session


def test_ticket_keeps_the_server_wall_clock_time(job):
    ticket = TicketJob.from_payload(job)
    assert ticket.issued_at == datetime.fromisoformat("2026-11-22T08:05:03+07:00")
    assert ticket.issued_at.strftime("%H:%M:%S %d/%m/%Y") == "08:05:03 22/11/2026"


def test_priority_and_elder_label_change_the_ticket(job):
    plain = render_ticket(TicketJob.from_payload(job), PROFILES["80mm"])
    job["ticket"]["priority"] = "elderly_60"
    job["ticket"]["priority_name"] = {"vi": "Người cao tuổi (từ 60 tuổi)", "en": "Elderly (60 and over)"}
    ticket = TicketJob.from_payload(job)
    assert ticket.priority_label == "Ưu tiên: Người cao tuổi (từ 60 tuổi)"
    assert render_ticket(ticket, PROFILES["80mm"]).height > plain.height


def test_a_long_tracking_url_still_decodes_on_58mm(job):
    job["ticket"]["track_url"] = "https://motcua.phuongbadinh.hanoi.gov.vn/t/" + "Ab3dE6gH9k" * 12
    image = render_ticket(TicketJob.from_payload(job), PROFILES["58mm"])
    assert qr_texts(image) == [job["ticket"]["track_url"]]


def test_a_url_too_long_for_a_readable_qr_is_printed_as_text_or_refused(job):
    job["ticket"]["track_url"] = "https://example.vn/t/" + "x" * 1500
    ticket = TicketJob.from_payload(job)
    fallback = render_ticket(ticket, PROFILES["58mm"])  # the citizen still gets a ticket
    assert qr_texts(fallback) == []
    assert fallback.width == 384
    with pytest.raises(QRCodeTooLarge, match="quá dài"):
        render_ticket(ticket, PROFILES["58mm"], qr_fallback=False)


def test_missing_font_fails_with_a_message_that_says_what_to_install(monkeypatch):
    monkeypatch.setattr(fonts, "FONT_DIRS", ("/nonexistent",))
    with pytest.raises(FontMissing, match="fonts-dejavu-core"):
        fonts.font_path("bold")


@pytest.mark.parametrize("payload", [{}, {"id": 1}, {"id": 1, "ticket": {"number": ""}},
                                     {"id": 1, "ticket": {"number": "A-001", "issued_at": "yesterday"}}])
def test_malformed_jobs_are_rejected_before_printing(payload):
    with pytest.raises(BadTicketData):
        TicketJob.from_payload(payload)


def line_image(width: int, text: str, key: str, style: str, align: str) -> tuple[Image.Image, int]:
    """One line as render_ticket draws it, and the x where the ticket places it."""
    from printer.layout import _Canvas  # the same drawing code, so the dots must match exactly

    canvas = _Canvas(width)
    canvas._line(text, fonts.font(style, canvas.size(key)), align)
    img = canvas.blocks[-1][0]
    return img, (width - img.width) // 2 if align == "center" else canvas.margin


def printed_lines(page: Image.Image, lines) -> set[str]:
    """Which of these lines appear, dot for dot, somewhere down the printed page (a reading without OCR)."""
    found = set()
    for text, key, style, align in lines:
        img, x = line_image(page.width, text, key, style, align)
        wanted = img.tobytes()
        if any(page.crop((x, y, x + img.width, y + img.height)).tobytes() == wanted
               for y in range(page.height - img.height + 1)):
            found.add(text)
    return found


@pytest.mark.parametrize("issued_at, when, session", [
    ("2026-11-22T08:05:03+07:00", "08:05:03 22/11/2026", "Sáng"),
    ("2026-11-22T14:30:00+07:00", "14:30:00 22/11/2026", "Chiều"),
])
def test_the_printed_ticket_carries_its_title_date_time_session_and_closing_line(job, issued_at, when, session):
    from printer.wording import WORDS

    TITLE, CLOSING = WORDS["vi"]["title"], WORDS["vi"]["closing"]
    job["ticket"]["issued_at"] = issued_at
    page = render_ticket(TicketJob.from_payload(job), PROFILES["80mm"])
    expected = [(TITLE, "title", "bold", "center"), (f"Thời gian: {when}", "body", "regular", "left"),
                (f"Buổi: {session}", "body", "regular", "left"), (CLOSING, "body", "italic", "center")]
    assert printed_lines(page, expected) == {line[0] for line in expected}
    other = "Chiều" if session == "Sáng" else "Sáng"
    assert not printed_lines(page, [(f"Buổi: {other}", "body", "regular", "left")])  # the check can fail
