"""docs/voice.md's reading table must say what the code does."""

import re
from pathlib import Path

from displays.voice.numbers import NumberStyle, read_ticket_number

DOC = Path(__file__).resolve().parents[3] / "docs" / "voice.md"


def test_reading_table_matches_the_code():
    text = DOC.read_text(encoding="utf-8")
    table = re.search(r"<!-- reading-table.*?-->(.*?)<!-- /reading-table -->", text, re.S).group(1)
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")]
            for line in table.strip().splitlines()[2:]]
    assert len(rows) >= 13
    hundreds = NumberStyle(leading_zeros="hundreds")
    for ticket, words, digits, words_hundreds in rows:
        assert read_ticket_number(ticket) == words
        assert read_ticket_number(ticket, reading="digits") == digits
        assert read_ticket_number(ticket, style=hundreds) == words_hundreds
