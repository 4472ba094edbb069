"""Long questions (branch robot-long): a story with details that do not matter, then the ask. The reader
answers what is asked last and reads the story's words as the story (assistant/actions/reading.py,
resolver.py, lexicon.py). Sentences written for these tests, not taken from any evaluation set."""

from __future__ import annotations

from test_reader import demo_reader

READER = demo_reader()


def read(text: str):
    reading = READER.read(text)
    return reading.intent, reading.procedure_id


def facets(text: str) -> set[str]:
    return set(READER.resolver.message_facets(READER.lexicon.scan(text), True))


def test_a_denial_runs_through_a_linking_word_and_or():
    assert not {"lost", "damaged", "correct"} & facets("The certificate is old. Nothing is lost or wrong, and it is not lost or damaged.")
    assert not {"lost", "damaged"} & facets("Sổ đỏ nhà tôi không bị mất hay rách gì cả.")
    assert read("Our building permit is from last year. It is not lost or damaged, but it expires in May and we "
                "have not started. What do we need?") == ("ask_documents", "gia_han_gpxd")


def test_the_question_asked_last_makes_the_other_kind_in_the_story_told():
    # a general question asked last: the ticket taken in the story is no ticket question
    assert read("Tôi đến làm sổ đỏ cho ba, lấy số từ 7 giờ rồi. Số C-015 của tôi còn mấy người nữa?")[0] == "queue_position"
    # a procedure question asked last: the appointment in the story is no check-in
    assert read("My son lost his wallet with his ID card on the train. I have a dentist appointment later. "
                "Where does he get a new card?") == ("ask_counter", "can_cuoc")


def test_of_two_questions_weighing_the_same_the_one_said_last_is_asked():
    assert read("bố tôi muốn lập di chúc để lại nhà cho con út, làm ở phường thì cần gì") == \
        ("ask_documents", "chung_thuc_di_chuc")


def test_a_paper_held_may_be_named_before_the_word_that_says_so():
    assert "already_issued" in facets("sổ đỏ nhà tôi có rồi, giờ muốn đổi sang mẫu mới thì cần gì")


def test_a_topic_handled_elsewhere_asked_after_a_procedure_told_is_out_of_scope():
    assert read("Hôm qua tôi đã đăng ký kết hôn ở đây xong rồi. Giờ cho hỏi gần đây có quán ăn ngon không?")[0] == \
        "out_of_scope"


def test_a_bare_lost_word_without_a_thing_in_its_clause_is_the_story():
    assert "lost" not in facets("Chồng tôi thì mất sớm, một mình tôi nuôi con. Giờ con tôi chuyển trường lên lớp 7 "
                                "ở đây thì cần gì?")
    assert "lost" not in facets("mấy hôm nay mất điện, tủ lạnh hư hết. sổ đỏ nhà tôi cũ quá muốn đổi thì cần gì")
    assert "lost" in facets("sổ đỏ nhà tôi bị trộm lấy mất rồi, làm lại thì cần gì")
    assert "lost" in facets("What if it's been lost?")  # a follow-up naming no thing: about the one discussed


def test_a_last_clause_asking_for_a_doing_points_at_the_things_it_is_done_to():
    assert read("ông nội mất để lại căn nhà, mấy cô chú đã chia xong. chị tôi lấy chồng ở xa, muốn viết giấy không "
                "nhận phần thì cần gì") == ("ask_documents", "tu_choi_di_san")


def test_a_thing_told_last_with_nothing_done_to_it_is_a_detail():
    assert read("My father wants to let my brother sell his motorbike for him. The buyer says his signature on the "
                "authorisation has to be certified. He is with me today on crutches and in a wheelchair. "
                "Which counter is it?") == ("ask_counter", "chung_thuc_chu_ky")


def test_a_question_asked_about_a_topic_handled_elsewhere_after_the_story_is_out_of_scope():
    assert read("Năm ngoái tôi làm giấy phép xây dựng ở đây. Nhà xây xong rồi, giờ cho hỏi giá nhà khu này "
                "khoảng bao nhiêu?")[0] == "out_of_scope"
    # ...but not a question asked after it about the procedure: "for a visa" is why, not what is asked
    assert read("I need a paper proving I'm single, for a visa. What do I bring?")[1] == "xac_nhan_tinh_trang_hon_nhan"


def test_a_long_story_may_cost_a_fit_standing_alone_on_the_thing_asked_more():
    text = ("Bà nội tôi năm nay 80 tuổi, bị lẫn, không còn nhận ra người thân. Các cô chú đã bàn để tôi đứng ra "
            "chăm sóc và quyết định thay bà. Làm giám hộ cho bà thì cần những giấy tờ gì?")
    found = READER.resolver.resolve(READER.resolver.message_facets(READER.lexicon.scan(text), True), text, True)
    assert found.procedure_id == "giam_ho"  # the facets alone, before any second opinion
