"""Draw a queue ticket as a 1-bit image exactly as wide as the printer's print head.

Everything is rendered as an image because Vietnamese through printer code pages garbles.
Text is wrapped to the paper width, never clipped.
"""

import logging

from PIL import Image, ImageDraw, ImageFont

from .errors import QRCodeTooLarge
from .fonts import font
from .profiles import PrinterProfile
from .qr import qr_image
from .ticket import TicketJob

log = logging.getLogger(__name__)

# Sizes in dots for an 80 mm / 576-dot head; scaled for narrower heads.
SIZES = {"unit": 26, "address": 18, "title": 32, "number": 150, "body": 22, "small": 18}
BLACK, WHITE = 0, 1


class _Canvas:
    """Stacks wrapped, aligned blocks of text and images top to bottom."""

    def __init__(self, width: int):
        self.width = width
        self.margin = max(8, width // 36)
        self.inner = width - 2 * self.margin
        self.scale = width / 576
        self.blocks: list[tuple[Image.Image, str]] = []
        self.texts: list[str] = []  # every text printed, in order: what a reader of the paper sees

    def size(self, key: str) -> int:
        return max(12, round(SIZES[key] * self.scale))

    def text(self, text: str, key: str, style: str = "regular", align: str = "center", gap: int = 4):
        if not text:
            return
        self.texts.append(text)
        f = font(style, self.size(key))
        for line in wrap(text, f, self.inner):
            self._line(line, f, align)
        self.space(gap)

    def label(self, label: str, value: str, key: str = "body"):
        """'Label: value' with the label in bold, wrapped as one paragraph."""
        self.text(f"{label}: {value}", key, align="left")

    def big(self, text: str, key: str = "number"):
        """As large as fits on one line; shrinks rather than clipping, wraps only as a last resort."""
        self.texts.append(text)
        size = self.size(key)
        while size > self.size("title"):
            f = font("bold", size)
            if f.getlength(text) <= self.inner:
                break
            size = int(size * 0.9)
        f = font("bold", size)
        for line in wrap(text, f, self.inner):
            self._line(line, f, "center", tight=True)
        self.space(6)

    def image(self, img: Image.Image):
        self.blocks.append((img, "center"))

    def rule(self):
        line = Image.new("1", (self.inner, max(2, round(2 * self.scale))), BLACK)
        self.space(6)
        self.blocks.append((line, "center"))
        self.space(8)

    def space(self, dots: int):
        self.blocks.append((Image.new("1", (1, round(dots * self.scale) or 1), WHITE), "left"))

    def _line(self, line: str, f: ImageFont.FreeTypeFont, align: str, tight: bool = False):
        ascent, descent = f.getmetrics()
        left, top, right, bottom = f.getbbox(line)
        if tight:  # the big number: crop to the ink so it does not waste paper
            height, y = bottom - top, -top
        else:  # normal text: full line height so diacritics above capitals (Ố, Ự) are never cut
            height, y = ascent + descent, 0
        img = Image.new("1", (max(1, int(right) + 1), height + 2), WHITE)
        ImageDraw.Draw(img).text((0, y + 1), line, font=f, fill=BLACK)
        self.blocks.append((img, align))

    def render(self) -> Image.Image:
        height = sum(img.height for img, _ in self.blocks) + 2 * self.margin
        page = Image.new("1", (self.width, height), WHITE)
        y = self.margin
        for img, align in self.blocks:
            if align == "center":
                x = (self.width - img.width) // 2
            else:
                x = self.margin
            page.paste(img, (x, y))
            y += img.height
        return page


def wrap(text: str, f: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy word wrap by rendered width; words wider than the line are split by character."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if f.getlength(candidate) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            while f.getlength(word) > width:  # e.g. a long URL or code without spaces
                cut = _longest_prefix(word, f, width)
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return [line for line in lines if line] or [""]


def _longest_prefix(word: str, f: ImageFont.FreeTypeFont, width: int) -> int:
    cut = 1
    while cut < len(word) and f.getlength(word[: cut + 1]) <= width:
        cut += 1
    return cut


def render_ticket(ticket: TicketJob, profile: PrinterProfile, qr_fallback: bool = True) -> Image.Image:
    """Render ``ticket`` as a mode-"1" image exactly ``profile.width_dots`` wide.

    If the tracking URL cannot fit as a readable QR code, the URL is printed as text instead
    (``qr_fallback=True``, the default: the citizen still gets a ticket) or QRCodeTooLarge is raised.
    """
    return _lay_out(ticket, profile, qr_fallback).render()


def printed_text(ticket: TicketJob, profile: PrinterProfile) -> list[str]:
    """The texts ``render_ticket`` prints, in order (the QR code aside): what the paper says, for tests."""
    return _lay_out(ticket, profile, qr_fallback=True).texts


def _lay_out(ticket: TicketJob, profile: PrinterProfile, qr_fallback: bool) -> _Canvas:
    words = ticket.words
    c = _Canvas(profile.width_dots)
    c.text(ticket.centre_name.upper(), "unit", "bold")
    c.text(ticket.centre_address, "address")
    c.rule()
    c.text(words["title"], "title", "bold", gap=8)
    c.big(ticket.number)
    if ticket.priority_label:
        c.text(ticket.priority_label, "body", "bold")
    c.rule()
    if ticket.field_name:
        c.label(words["field"], ticket.field_name)
    if ticket.procedure_name:
        c.label(words["procedure"], ticket.procedure_name)
    for counter in ticket.counters:
        where = f"{counter.name} ({counter.location})" if counter.location else counter.name
        c.label(words["counter"], where if counter.staffed else f"{where} – {words['closed_for_now']}")
    if ticket.people_ahead is not None:
        c.label(words["ahead"], str(ticket.people_ahead))
    if ticket.eta_minutes is not None:
        c.label(words["wait"], words["minutes"].format(n=ticket.eta_minutes))
    elif ticket.counters and not any(counter.staffed for counter in ticket.counters):
        c.label(words["wait"], words["not_open_yet"])
    if ticket.issued_at:
        c.label(words["time"], ticket.issued_at.strftime("%H:%M:%S %d/%m/%Y"))
        c.label(words["session"], ticket.session)
    c.rule()
    _add_tracking(c, ticket.track_url, qr_fallback, words)
    c.text(words["closing"], "body", "italic")
    return c


def _add_tracking(c: _Canvas, url: str, qr_fallback: bool, words: dict):
    if not url:
        return
    max_qr = min(c.inner, max(240, int(c.width * 0.55)))
    try:
        c.image(qr_image(url, max_qr))
        c.space(4)
        c.text(words["qr_caption"], "small")
    except QRCodeTooLarge:
        if not qr_fallback:
            raise
        log.warning("tracking URL too long for a QR code on %d dots; printing it as text", c.width)
        c.text(words["track_at"], "small")
        c.text(url, "small")
