"""Civil-status, family and merit procedures told as a story (branch robot-family10): the word that names the
procedure is said among others that name a sibling ("mất" of a paper is not a death; "xác nhận cháu là con liệt sĩ"
is no recognition of a child; a wedding abroad is why a single-status certificate is asked for). The sentences
are not those of assistant/tests/family_probes_r10.yml."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("message,procedure", [
    # a will told as "để lại … khi ông mất", not a lost land certificate
    ("ong noi muon viet giay chia dat cho cac con khi ong mat, chung thuc o quay nao", "chung_thuc_di_chuc"),
    ("Mẹ tôi muốn lập giấy để lại mảnh đất cho em út sau này khi bà trăm tuổi, chứng thực cần gì?",
     "chung_thuc_di_chuc"),
    # the father naming himself on the birth record, at the birth registration
    ("con toi moi sinh, toi voi ban gai chua cuoi, di khai sinh cho con ma muon co ten toi la bo luon thi mang gi",
     "khai_sinh_nhan_cha_me"),
    # an own child with the mother's surname: a recognition, not an extract
    ("muon nhan dua con trai rieng cua toi, chau 12 tuoi dang mang ho me, can giay gi", "nhan_cha_me_con"),
    # a martyr's relative, not a recognition of a child ("xác nhận" holds "nhận")
    ("xac nhan chau la con liet si de huong che do can gi", "than_nhan_nguoi_co_cong"),
    ("My grandfather was a martyr and my father wants to be certified as a martyr's son to get the benefits. "
     "What does he need?", "than_nhan_nguoi_co_cong"),
    # a birth certificate "mất lâu rồi" is lost, the register too: re-registration of the birth, not of a death
    ("ba toi sinh nam 1950, giay khai sinh mat lau roi, so bo o xa cung khong con, dang ky lai can gi",
     "dang_ky_lai_khai_sinh"),
    # the death certificate and the register both gone: re-registration, not an extract
    ("giay chung tu cua ba toi bi mat ca ban chinh lan so luu o xa, lam lai mat bao lau", "dang_ky_lai_khai_tu"),
    # parents who died in an accident are the story of a guardianship, not a lost birth certificate
    ("ba má thằng cu mất trong vụ tai nạn, nó bị tự kỷ nặng, e là dì ruột mún làm giám hộ cho nó, cần j ạ", "giam_ho"),
    ("Which counter handles a father recognising a child whose birth was registered without him?", "nhan_cha_me_con"),
    # a pension received is why the monthly allowance stops, not the social pension
    ("ong toi dang huong tro cap xa hoi, nay ong co luong huu roi nen muon bao thoi huong can gi", "tro_cap_xa_hoi"),
])
def test_the_procedure_told_among_a_siblings_words(reader, message, procedure):
    assert reader.read(message).procedure_id == procedure


@pytest.mark.parametrize("message,procedure", [
    # the wedding abroad with a foreigner is why the certificate is asked for, told before or after the question
    ("Tôi sắp cưới anh người Nhật, sẽ đăng ký bên Nhật. Bên đó cần giấy chứng nhận tôi độc thân. Tôi thường trú ở "
     "phường này thì cần gì?", "xac_nhan_tinh_trang_hon_nhan"),
    ("What is the fee for proof that I'm single? My fiancé is French and the wedding will be in Paris.",
     "xac_nhan_tinh_trang_hon_nhan"),
    # an extract of a marriage record for a visa abroad is no marriage with a foreigner
    ("The Korean embassy needs a certified extract of our marriage registration for my husband's visa. We married "
     "at this ward in 2018. What do I bring?", "trich_luc_ho_tich"),
])
def test_a_foreign_purpose_is_the_story(reader, message, procedure):
    assert reader.read(message).procedure_id == procedure


@pytest.mark.parametrize("message,procedure", [
    # one more copy of a registered paper is an extract from the register, not a new registration (robot-civil11)
    ("cho em xin them mot ban giay dang ky ket hon de lam ho so vay von, phi bao nhieu", "trich_luc_ho_tich"),
    ("I need one more copy of my daughter's birth certificate for her school. Where do I ask?", "trich_luc_ho_tich"),
    # a foreign mother registering her newborn: the birth, not a marriage with a foreigner
    ("Tôi là người Campuchia, lấy chồng ở phường này. Con tôi mới sinh được một tuần, tôi tự đi khai sinh cho bé "
     "thì mang gì?", "khai_sinh"),
    # a Vietnamese who lives abroad marrying here: a foreign element
    ("My fiancé is Vietnamese but he grew up abroad and lives overseas now. We want to marry at this ward. "
     "What do we bring?", "ket_hon_nuoc_ngoai"),
    ("hai đứa tụi con muốn lấy nhau, đăng ký ở đây thì tốn bao nhiêu tiền", "ket_hon"),
    # raising an orphaned relative and handling the child's papers is guardianship
    ("bố mẹ thằng bé mất cả rồi, tôi là chú ruột muốn nuôi nó và lo giấy tờ cho nó, cần những gì", "giam_ho"),
    # siblings sharing a late parent's house, one share not taken: refusing an inheritance, not a death
    ("me tui mat roi, anh chi em chia nha, tui khong lay phan thi lam giay gi", "tu_choi_di_san"),
    # a harvest lost, no rice left: a poor household, not out of scope
    ("Vụ này lúa mất trắng, nhà không còn gạo ăn, xã có giúp gì cho nhà tôi không?", "ho_ngheo"),
    # an allowance drawn in another province, moved here
    ("ba toi truoc an tro cap o tinh khac, nay don ve day, xin huong tiep thi sao", "tro_cap_xa_hoi"),
    # neither a pension nor an allowance at 76: the social pension
    ("Bà tôi 76 tuổi, không có lương hưu cũng không hưởng trợ cấp gì, xin nhận tiền hằng tháng cần gì?",
     "huu_tri_xa_hoi"),
    # registered long ago and all lost: re-registration, not a first registration
    ("ông ngoại con 88 tuổi hông có giấy khai sinh, hồi xưa có làm mà mất sạch, giờ sao", "dang_ky_lai_khai_sinh"),
    # a grandparent bringing a newborn's first papers
    ("Tôi là ông nội, đi làm giấy tờ đầu tiên cho cháu mới ra viện thì nộp ở quầy nào?", "khai_sinh"),
])
def test_which_civil_status_or_allowance_procedure(reader, message, procedure):
    assert reader.read(message).procedure_id == procedure


def test_a_weekday_in_a_death_story_is_no_opening_hours(reader):
    reading = reader.read("Ông tôi mất tối thứ bảy ở bệnh viện, giờ đi báo tử ở phường, có giấy báo tử của bệnh viện "
                          "rồi, vậy đủ chưa?")
    assert reading.intent != "opening_hours" and reading.procedure_id == "khai_tu"


def test_moving_residence_after_a_wedding_goes_to_the_police(reader):
    assert reader.read("cưới vợ xong muốn chuyển khẩu vợ về nhà tôi thì làm sao").procedure_id == "thuong_tru"
