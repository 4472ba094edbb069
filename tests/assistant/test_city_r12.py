"""City life and siblings (branch robot-city14, round 12): a side detail (a temporary stay, a rented room, a
place) next to what is asked; centre procedures in everyday words (a signature certified, a child's name changed,
a debt noted on a land certificate cleared); guardianship vs refusing an inheritance vs ending guardianship;
community care vs the monthly allowance; a household business registered vs changed vs suspended; papers named by
their name ("viết đơn gì", "văn bản gì"). The sentences are not those of assistant/tests/city_probes_r12.yml or
visitor_questions_unseen_dev14.yml; all but two failed at main 956b4de (0956797 with robot-life11 merged)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("message,intent,procedure", [
    ('vo em moi sanh be gai duoc 3 ngay o benh vien. Tui em chi co tam tru o day thoi, chu nha tro bao roi. Lam giay cho be het bao nhieu tien', 'ask_fee', 'khai_sinh'),
    ('Ông nội ở với tụi em, chỉ có tạm trú ở đây, tuần trước ông mất. Báo tử cho ông thì làm ở phường này được không?', 'inform_procedure', 'khai_tu'),
    ("After my grandfather's death, how do we take him off the household residence records?", 'inform_procedure', 'xoa_thuong_tru'),
    ('Trường bên Hàn cần giấy cam kết có phường xác nhận chính tôi ký, làm mất bao lâu?', 'ask_processing_time', 'chung_thuc_chu_ky'),
    ('ca nha muon doi sang ten khac cho chau vi trung ten voi ba co, thu tuc cho chau can giay to gi', 'ask_documents', 'cai_chinh_ho_tich'),
    ('Lúc cấp sổ nhà tôi được ghi nợ tiền đất. Nay đã đóng đủ bên thuế rồi thì làm sao cho sạch sổ?', 'inform_procedure', 'xoa_ghi_no'),
    ('Anh tôi mất, để lại thằng cháu 7 tuổi với mảnh đất. Tôi muốn thay mặt cháu giữ tài sản cho nó đến khi lớn thì làm sao?', 'inform_procedure', 'giam_ho'),
    ('chau toi duoc bo me ruot nhan ve nuoi lai, toi khong con dai dien cho chau nua thi can giay to gi', 'ask_documents', 'cham_dut_giam_ho'),
    ('Gia đình tôi muốn đón một bé bị bỏ rơi về nuôi tạm, không phải nhận con nuôi, thì đăng ký ở quầy nào?', 'ask_counter', 'cham_soc_cong_dong'),
    ('Ông cụ 88 tuổi ở cuối hẻm không còn ai thân thích, tôi muốn đón ông về nhà chăm sóc thì có tốn phí không?', 'ask_fee', 'cham_soc_cong_dong'),
    ('Con gái tôi bị bại não, đã có giấy xác nhận khuyết tật nặng. Cháu có được nhận tiền hằng tháng không, nộp ở đâu?', 'ask_counter', 'tro_cap_xa_hoi'),
    ('toi dinh mo tiem tra sua o mat bang moi thue, dang ky kinh doanh bao lau co giay', 'ask_processing_time', 'thanh_lap_hkd'),
    ('Vo chong toi tu Ben Tre len, ban hu tieu duoc 2 thang nay roi, dang ky ho kinh doanh het bao nhieu tien', 'ask_fee', 'thanh_lap_hkd'),
    ('Tiệm giày tôi dời qua mặt bằng mới trong phường, giấy đăng ký kinh doanh có phải làm lại không?', 'inform_procedure', 'thay_doi_hkd'),
    ('xin tam ngung ho kinh doanh thi viet don gi', 'ask_documents', 'tam_ngung_hkd'),
    ('dang ky le hoi cua dinh lang can van ban gi', 'ask_documents', 'le_hoi'),
])
def test_which_procedure_and_what_is_asked(reader, message, intent, procedure):
    reading = reader.read(message)
    assert (reading.intent, reading.procedure_id) == (intent, procedure)


@pytest.mark.parametrize("message", [
    'Tôi muốn sang tên hợp đồng nước cho chủ mới, làm ở đây được không?',
    'I have to pay my annual land tax. Can I do that at one of these counters?',
])
def test_near_the_centres_words_but_elsewhere(reader, message):
    # a utility contract moved to a new owner, the yearly land tax: not this centre's
    assert reader.read(message).intent == "out_of_scope"
