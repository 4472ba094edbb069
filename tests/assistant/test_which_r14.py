"""Which procedure, round 14 (branch robot-which14): Central-region and Southern words in stories where the robot
named the wrong procedure or none — a death's register lost while the paper is wanted for land ("cần giấy tờ đó
để chia đất"), a martyr's worship told as incense and an altar, a stay in a builders' hut or a friend's house, a
share of land a parent left refused, copies wanted for a job application, an in-law's nationality, the rent of
a room. The sentences are not those of assistant/tests/which_probes_r14.yml nor of the dev sets."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("message,procedure", [
    # the paper referred back to ("giấy đó") is the death's; the land it is wanted for is the purpose
    ("Cố tui mất năm 1970, có khai tử rồi mà sổ hộ tịch ở xã bị mối ăn mất, chừ cần giấy tờ đó để làm sổ đỏ thì "
     "mần răng?", "dang_ky_lai_khai_tu"),
    ("Ông ngoại mất lâu rồi, đã khai tử nhưng giấy bị thất lạc, xã cũng không còn lưu. Giờ sang tên đất cần giấy "
     "đó thì làm sao?", "dang_ky_lai_khai_tu"),
    # neighbour: the land certificate itself lost stays its re-issue
    ("Sổ đỏ nhà tui bị thất lạc hồi lụt, chừ xin cấp lại mần răng?", "cap_lai_gcn_mat"),
])
def test_a_paper_wanted_for_land_is_the_papers_procedure(reader, message, procedure):
    assert reader.read(message).procedure_id == procedure


@pytest.mark.parametrize("message,procedure", [
    # incense, an altar, "đứng ra thờ": the martyr's worship; the death of the one who kept it is the story
    ("Cậu tui là liệt sĩ, trước ông ngoại thắp nhang cho cậu, nay ông mất, tui lo bàn thờ thì được hỗ trợ chi không?",
     "tho_cung_liet_si"),
    ("bac toi hy sinh hoi khang chien chong My, gio toi dung ra lo nhang khoi cho bac thi co che do gi khong",
     "tho_cung_liet_si"),
    # neighbour: a veteran's funeral stays the funeral support
    ("Bọ tui là cựu chiến binh mới mất, gia đình được tiền mai táng không?", "mai_tang_cuu_chien_binh"),
])
def test_a_martyrs_worship_in_everyday_words(reader, message, procedure):
    assert reader.read(message).procedure_id == procedure


@pytest.mark.parametrize("message,procedure", [
    # a stay where one sleeps for some months: temporary residence (the police's, redirected)
    ("Mấy anh thợ ở Quảng Nam ra, ở lán trại công trình nửa năm, có phải khai báo chi không?", "tam_tru"),
    ("con toi ra Ha Noi hoc, o tam nha nguoi quen may thang, co phai bao gi voi phuong khong", "tam_tru"),
    # a share a parent left, refused in Southern words
    ("Tui hổng nhận phần ruộng má để lại, nhường cho em út, làm giấy từ chối sao?", "tu_choi_di_san"),
    # neighbour: the land parents left, quarrelled over, is still a mediation
    ("Hai chị em tui cãi nhau về miếng đất ba má để lại, nhờ xã hòa giải thì mần răng?", "hoa_giai_dat"),
    # copies of several papers for a job: the certified copy, not out of scope
    ("Tôi cần sao y bằng đại học với căn cước, mỗi thứ hai bản để nộp hồ sơ xin việc, mang gì theo?",
     "chung_thuc_ban_sao"),
    # an in-law's nationality, the couple both Vietnamese: the ordinary marriage
    ("Hai đứa tui đều người Việt, chỉ có mẹ chồng là người Hàn thôi, đăng ký kết hôn bình thường hay có yếu tố nước "
     "ngoài?", "ket_hon"),
    # neighbour: a foreign spouse stays the marriage with a foreigner
    ("Con gái tui lấy chồng người Nhật, đăng ký kết hôn cần chi?", "ket_hon_nuoc_ngoai"),
])
def test_central_and_southern_stories_name_their_procedure(reader, message, procedure):
    assert reader.read(message).procedure_id == procedure


@pytest.mark.parametrize("message", [
    "Tiền thuê phòng trọ ở khu ni bao nhiêu một tháng?",
    "Giá cho thuê nhà trọ gần đây rẻ không?",
])
def test_the_rent_of_a_room_is_no_stay_to_register(reader, message):
    reading = reader.read(message)
    assert reading.intent == "out_of_scope"
    assert reading.procedure_id is None


@pytest.mark.parametrize("message,procedure", [
    # an aunt ("o", "dì") raising an orphan: guardianship, not community foster care
    ("ba mạ con bé mất hết rồi, tui là o ruột muốn nhận nuôi nó, giấy tờ mần răng", "giam_ho"),
    # neighbour: a foundling cared for a while stays community care
    ("Có đứa nhỏ bị bỏ trước cổng nhà thờ, tui muốn nhận chăm sóc tạm thời thì mần răng?", "cham_soc_cong_dong"),
    # "không có lương" at eighty: a social pension or allowance, not out of scope
    ("mệ tui 81 tuổi không có lương, có được nhà nước cho tiền hằng tháng không", "huu_tri_xa_hoi"),
    # "giờ đóng cửa hộ kinh doanh": now closing the business, not a closing hour
    ("ế quá rồi, giờ đóng cửa quán luôn thì làm sao", "cham_dut_hkd"),
    # a pupil already in grade 6 moving school: a transfer, not the grade-6 admission
    ("nhà tui dọn ra Huế, con gái lớp 7 phải qua trường mới, làm sao", "chuyen_truong_thcs"),
    ("con tui học xong lớp 5, năm ni lên lớp 6 thì đăng ký vô trường răng", "tuyen_sinh_lop6"),
    # "thăm mộ liệt sĩ": the visit, not the worship
    ("đi thăm mộ liệt sĩ ở Quảng Trị có được hỗ trợ tiền xe không", "tham_mo_liet_si"),
])
def test_who_and_what_in_the_story_decide(reader, message, procedure):
    assert reader.read(message).procedure_id == procedure


def test_the_closing_hour_is_still_the_hours(reader):
    assert reader.read("mấy giờ đóng cửa vậy").intent == "opening_hours"
