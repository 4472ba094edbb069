import pytest

from displays.voice.phrases import (PUNCTUATION_PAUSE_MS, Segment, announcement_for, fixed_phrases)


def test_default_template():
    call = announcement_for("A-025", 3)
    assert call.text == "Xin mời công dân có số thứ tự a không hai mươi lăm, đến quầy số ba"
    assert [s.text for s in call.segments] == [
        "Xin mời công dân có số thứ tự", "a", "không", "hai mươi lăm", "đến quầy số", "ba"]


def test_comma_becomes_a_pause_not_text_for_the_engine():
    call = announcement_for("B-101", 12)
    number_end = [s for s in call.segments if s.text == "lẻ một"][0]
    assert number_end.pause_after_ms == PUNCTUATION_PAUSE_MS
    assert all("," not in s.text for s in call.segments)
    assert call.segments[-1] == Segment("mười hai", 0)


def test_catalogue_templates_with_vietnamese_placeholders():
    call = announcement_for("C-024", 5, "Xin mời số thứ tự {so}, đến quầy số {quay}")
    assert call.text == "Xin mời số thứ tự xê không hai mươi tư, đến quầy số năm"
    named = announcement_for("A-001", 2, "Xin mời khách hàng số {so} đến quầy số {quay} – {ten_quay}",
                             counter_name="Hộ tịch")
    assert [s.text for s in named.segments][-3:] == ["đến quầy số", "hai", "Hộ tịch"]
    assert named.text.endswith("đến quầy số hai, Hộ tịch")


def test_digit_reading_in_a_call():
    assert announcement_for("A-025", 3, reading="digits").text == (
        "Xin mời công dân có số thứ tự a không hai năm, đến quầy số ba")


def test_unknown_placeholder_is_an_error():
    with pytest.raises(ValueError):
        announcement_for("A-025", 3, "Mời {ticket} tới quầy {counter}")


def test_fixed_phrases():
    assert fixed_phrases() == ["Xin mời công dân có số thứ tự", "đến quầy số"]
