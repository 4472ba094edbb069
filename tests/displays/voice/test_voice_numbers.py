import pytest

from displays.voice.numbers import (LETTERS_AS_WRITTEN, NumberStyle, parse_ticket_number, read_number,
                                    read_ticket_number, ticket_number_chunks)

REFERENCE = {  # shared/domain catalogue: announcement.number_reading.example
    "A-025": "A không hai mươi lăm",
    "B-101": "B một trăm lẻ một",
    "C-021": "C không hai mươi mốt",
    "C-024": "C không hai mươi tư",
}

WORDS = {
    "A-001": "A không không một",
    "A-010": "A không mười",
    "A-015": "A không mười lăm",
    "A-021": "A không hai mươi mốt",
    "A-024": "A không hai mươi tư",
    "A-055": "A không năm mươi lăm",
    "A-100": "A một trăm",
    "A-101": "A một trăm lẻ một",
    "A-104": "A một trăm lẻ bốn",
    "A-105": "A một trăm lẻ năm",
    "A-110": "A một trăm mười",
    "A-111": "A một trăm mười một",
    "A-114": "A một trăm mười bốn",
    "A-125": "A một trăm hai mươi lăm",
    "A-000": "A không không không",
    "B-999": "B chín trăm chín mươi chín",
    "A-0025": "A không không hai mươi lăm",
    "A-1000": "A một nghìn",
    "A-1005": "A một nghìn không trăm lẻ năm",
    "A-1025": "A một nghìn không trăm hai mươi lăm",
    "A-2110": "A hai nghìn một trăm mười",
}


@pytest.mark.parametrize("ticket,spoken", list(REFERENCE.items()) + list(WORDS.items()))
def test_words_reading(ticket, spoken):
    assert read_ticket_number(ticket, letter_names=LETTERS_AS_WRITTEN) == spoken


@pytest.mark.parametrize("ticket,spoken", [
    ("A-025", "a không hai mươi lăm"),
    ("B-101", "bê một trăm lẻ một"),
    ("C-021", "xê không hai mươi mốt"),
    ("D-001", "dê không không một"),
    ("Đ-002", "đê không không hai"),
    ("G-010", "giê không mười"),
    ("H-011", "hát không mười một"),
    ("K-012", "ca không mười hai"),
])
def test_letters_read_with_vietnamese_names(ticket, spoken):
    assert read_ticket_number(ticket) == spoken


def test_letter_names_are_configurable():
    assert read_ticket_number("G-001", letter_names={"G": "gờ"}) == "gờ không không một"
    assert read_ticket_number("AB-001") == "a bê không không một"


@pytest.mark.parametrize("ticket,spoken", [
    ("A-025", "a không hai năm"),
    ("A-001", "a không không một"),
    ("C-241", "xê hai bốn một"),
    ("B-015", "bê không một năm"),
])
def test_digit_by_digit_uses_plain_digit_names(ticket, spoken):
    assert read_ticket_number(ticket, reading="digits") == spoken


def test_hundreds_style_for_leading_zero():
    style = NumberStyle(leading_zeros="hundreds")
    assert read_ticket_number("A-001", style=style) == "a không trăm lẻ một"
    assert read_ticket_number("A-025", style=style) == "a không trăm hai mươi lăm"
    assert read_ticket_number("A-125", style=style) == "a một trăm hai mươi lăm"


def test_regional_words():
    style = NumberStyle(thousand="ngàn", odd="linh", four_after_tens="bốn")
    assert read_ticket_number("A-1004", style=style) == "a một ngàn không trăm linh bốn"
    assert read_ticket_number("A-024", style=style) == "a không hai mươi bốn"


def test_chunks_are_cacheable_pieces():
    assert ticket_number_chunks("B-101") == ["bê", "một trăm", "lẻ một"]
    assert ticket_number_chunks("A-025") == ["a", "không", "hai mươi lăm"]


@pytest.mark.parametrize("n,spoken", [(1, "một"), (3, "ba"), (10, "mười"), (14, "mười bốn"),
                                      (21, "hai mươi mốt"), (105, "một trăm lẻ năm"), (12000, "mười hai nghìn")])
def test_plain_numbers(n, spoken):
    assert read_number(n) == spoken


@pytest.mark.parametrize("raw,parsed", [("A-025", ("A", "025")), ("a025", ("A", "025")),
                                        ("B 101", ("B", "101")), ("025", ("", "025")),
                                        ("Đ-003", ("Đ", "003"))])
def test_parse_ticket_number(raw, parsed):
    assert parse_ticket_number(raw) == parsed


@pytest.mark.parametrize("bad", ["", "A-", "A-02B", "12-A"])
def test_rejects_malformed_ticket_numbers(bad):
    with pytest.raises(ValueError):
        read_ticket_number(bad)
