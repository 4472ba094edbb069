"""Which procedure, for land, building, household business, certification, school and belief questions (branch
robot-land10): a sibling named only to deny it, a circumstance told in the visitor's own words, and out-of-scope
questions near these. The sentences are not those of assistant/tests/land_probes_r10.yml."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("message,procedure", [
    # the copy is named only to say it is not what is wanted
    ("Tôi cần chứng thực chữ ký trên lá đơn, chứ không phải sao y bản chính", "chung_thuc_chu_ky"),
    ("khong can photo cong chung, chi can xac nhan chu ky tren giay cam doan", "chung_thuc_chu_ky"),
    # a translator not on the collaborators' list
    ("A freelance translator, not on the ward's collaborators list: how do I get my signature on a translation "
     "certified?",
     "chung_thuc_chu_ky_nguoi_dich"),
    # a pupil already in grade 6 whose family moved: a transfer, not grade-6 enrolment
    ("con toi dang hoc lop 6 o Nam Dinh, nha moi chuyen ra Ba Dinh, xin hoc truong gan nha can gi",
     "chuyen_truong_thcs"),
    # belief activities at a village shrine: not a festival
    ("dang ky hoat dong tin nguong hang nam tai dinh lang thi can gi", "sinh_hoat_ton_giao"),
    # the fee noted as owed on the certificate, now paid
    ("Our red book still shows the registration fee as unpaid; we have settled it. How do we get that cleared?",
     "xoa_ghi_no"),
    # checking whether a plot is seized or in dispute is a land information request
    ("muốn kiểm tra lô đất có đang bị kê biên hay tranh chấp không thì xin thông tin cần gì", "cung_cap_thong_tin_dat"),
    # the owner died and nobody carries on: the business is closed
    ("bố tôi đứng tên hộ kinh doanh, ông mất rồi, nhà không ai làm tiếp, đóng hộ kinh doanh cần gì", "cham_dut_hkd"),
    # a line of business added: a change of the registration
    ("We run a registered grocery and want to add a coffee corner to our business registration. What do we need?",
     "thay_doi_hkd"),
    # part of a home plot turned into commercial land, no permit needed
    ("chuyển một phần đất ở sang đất thương mại dịch vụ thì đăng ký ở đâu", "chuyen_muc_dich_dat"),
])
def test_which_sibling(reader, message, procedure):
    assert reader.read(message).procedure_id == procedure


@pytest.mark.parametrize("message", [
    "Mua bảo hiểm y tế cho cả nhà thì làm ở đâu?",
    "Where do I get health insurance for my whole family?",
])
def test_family_health_insurance_is_out_of_scope(reader, message):
    assert reader.read(message).intent == "out_of_scope"


@pytest.mark.parametrize("message,procedure", [
    # branch robot-land11: a contract certified here before, then copied again
    ("Chúng tôi chứng thực hợp đồng thuê kho ở đây năm 2021, giờ xin thêm một bản sao hợp đồng đó thì cần gì?",
     "ban_sao_hop_dong"),
    # two neighbours swapping plots want it certified
    ("hai nhà muốn đổi ruộng cho nhau, làm giấy có xã chứng thực thì cần gì", "chung_thuc_hop_dong"),
    # an old land certificate gone yellow is exchanged
    ("Our house certificate has gone yellow and the stamp is hard to read. What do we need to exchange it?",
     "cap_doi_gcn"),
    # a shop closed over Tết for months is suspended
    ("tiệm may nhà tôi nghỉ tết 3 tháng, báo tạm nghỉ kinh doanh cần giấy gì", "tam_ngung_hkd"),
    # the registered owner of a shop hands it to a child
    ("Mẹ tôi đứng tên quầy thuốc, giờ muốn cho con đứng tên thay thì cần giấy gì?", "thay_doi_hkd"),
    # a driving licence named as the paper copied is no out-of-scope topic
    ("chung thuc ban sao bang lai xe va hoc ba", "chung_thuc_ban_sao"),
])
def test_which_sibling_r11(reader, message, procedure):
    assert reader.read(message).procedure_id == procedure


@pytest.mark.parametrize("message", [
    "muốn làm thẻ bảo hiểm y tế cho bố mẹ thì làm ở đâu",
    "Where do I buy adult health insurance?",
])
def test_near_but_out_of_scope_r11(reader, message):
    assert reader.read(message).intent == "out_of_scope"
