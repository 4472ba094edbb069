"""The questions a visitor's message may ask, shared by the reader and its helpers (reading.py, elsewhere.py)."""

from __future__ import annotations

import re

from .lexicon import CUE, Lexicon

# About a procedure: they take the procedure named, else the one discussed.
PROCEDURE_QUESTIONS = ("take_ticket", "ask_counter", "ask_processing_time", "ask_fee", "ask_documents")
# Asked of the centre whatever the procedure: a person, priority, opening hours.
GENERAL = ("human_handoff", "priority", "opening_hours")
# A word that asks which thing ("giấy gì?", "what papers?"): papers said in its clause are asked for.
_WHICH = {"gi", "j", "chi", "nao", "what", "which"}
_HOW = _WHICH | {"sao", "how", "rang"}  # a word that asks: its clause is a question, papers told before it are not
_TOPIC = {"thi"}  # "muốn có giấy tờ vợ chồng thì bắt đầu từ đâu?": what comes before "thì" is the topic
# "làm giấy tờ cho cháu thế nào?", "lo giấy tờ", "làm đơn": doing the paperwork is the procedure, no papers named
_DOING = {"lam", "lo"}
# "make paper for my baby", "how I make the papers for my wedding?": in broken English too the paperwork made is the
# procedure, no paper asked for ("what paperwork do we have to do?", "what do we do for the papers?" name the papers
# asked for: ask_documents in every set but one; robot-english15)
_DOING_EN = re.compile(r"\b(?:make|making|made)(?: for)?(?: the| a| my| our| his| her| their| this| that| all the| some"
                       r"| any)? (?:paper|papers|paperwork)\b")
# "phải làm gì để cháu có giấy tờ", "what do we need to do so he gets his official papers?": papers as the goal
# name the whole procedure (its overview), no paper asked for (robot-long15)
_PAPERS_AS_GOAL = re.compile(r"\bde (?:\w+ ){0,2}(?:co|duoc cap|duoc co|lay duoc) (?:du )?(?:giay to|giay)(?: tuy than)?"
                             r"(?: (?:day du|hop le|hop phap))?(?=(?: (?:a|ha|nha|nhe|vay|v|z|day|do|roi|khong|ko|chau|em"
                             r"|anh|chi))*$)|\bso (?:that )?(?:he|she|they|we|i|the baby|my baby|our baby|my son|my daughter"
                             r"|our son|our daughter) (?:can )?(?:get|gets|has|have) (?:his|her|their|our|my|the)"
                             r" (?:official |proper |legal )?(?:papers|paperwork|documents)\b")
_HANDING = {"nop", "mang", "dem"}  # "nộp thế nào?": handing in, asked how
# "chưa có giấy tờ gì hết", "không có giấy gì", "trước giờ không giấy tờ gì": nothing held, no word asking which
# (robot-asks13; round 16)
_NOTHING = re.compile(r"\b(?:khong|chua|chang) (?:(?:co|con|duoc)(?: \w+){0,5}|giay(?: to)?(?: \w+)?) (?:gi|j|chi)\b")
# "chi" asks which only at a question's end or before a particle ("cần chi rứa", "mần chi"); before anything else it
# is "chị" typed or folded ("dịch giấy tờ cho chị họ", "chị ơi")
_CHI_ASKS = {"ri", "rua", "a", "het", "vay", "nua", "ca", "khong", "ko", "k", "ha", "nha", "nhe", "roi", "day", "do",
             "the", "rang"}
# "Do we need a permit?", "do I need permission for it?": whether a permit is needed, not which papers to bring
# (a paper word, "need", in a phrase that asks whether; "what permits do we need?" asks which and stays papers)
_WHETHER_NEEDED = re.compile(r"^(?:do|does|will|would) (?:i|we|he|she|they|you|my \w+|our \w+)(?: still| even| also| really)?"
                             r" need (?:a |an |any |to (?:get|apply for|ask for|have) (?:a |an |any )?)?(?:new |separate |special"
                             r" |building |construction |extra |another )?(?:permit|permits|permission|licence|license"
                             r"|licences|licenses|approval)\b")


# "How much funeral support can the family get?", "How much is the monthly allowance?": the amount RECEIVED, the
# procedure's overview (labelling conventions), not a fee; "How much does it cost to get…", "How much to get a copy?" stay fees
_RECEIVED = re.compile(r"\bhow much\b(?!.{0,80}\b(?:cost|costs|fee|fees|charge|charged|pay|paying|price|to get|to receive"
                       r"|to have|to make|to do)\b)(?: \w+){1,9}? (?:get|gets|receive|receives|claim|be paid|be given)\b"
                       r"|\bhow much (?:money )?(?:is|are|s) (?:the |a |an |this |that )?(?:\w+ ){0,4}?(?:allowance"
                       r"|allowances|benefit"
                       r"|benefits|subsidy|pension|support)\b"
                       # "How much does the state give for her funeral?": what the state pays out (round 16)
                       r"|\bhow much (?:money )?(?:does|do|will|would|can) (?:the )?(?:state|government|ward|commune|city"
                       r"|district|authorities|they) (?:give|pay|provide|offer|grant|contribute|cover)\b"
                       # "được hỗ trợ bao nhiêu tiền", "dc nhận trợ cấp một lần bn", "hưởng trợ cấp hằng tháng bao nhiêu":
                       # support received, its words left to the facets (robot-english14)
                       r"|\b(?:duoc|nhan|lanh|linh|huong)(?: duoc| nhan)* (?:ho tro|tro cap|boi duong|tien ho tro"
                       r"|tien tro cap|khoan ho tro|khoan tro cap)(?: \w+){0,5}? (?:bao nhieu|nhieu)\b")


# "còn (nếu) muốn hủy bỏ thì sao?", "what if we want to cancel it?": a wish asked about is how to do it
_WISH = re.compile(r"\b(?:muon|mun|dinh|tinh)\b(?: \w+){1,8} (?:thi|the) sao\b|\bwhat if (?:i|we|he|she|they)"
                   r" (?:want|wants|decide|decided|would like) to\b")


def asks_afresh(scan, cues: dict, previous: str | None) -> bool:
    """A follow-up asked afresh, not with the kind of question answered before: a change of mind ("à thôi, đóng
    hẳn … thì sao"), or a wish asked about after a fee ("Lệ phí bao nhiêu? — Còn … muốn hủy bỏ thì sao?": how
    to do it, its overview; after papers or a counter the sets keep asking that; robot-long15)."""
    return "change_of_mind" in cues or previous == "ask_fee" and bool(_WISH.search(" ".join(scan.words)))


def asks_amount_received(scan) -> bool:
    """The amount of money a visitor receives is asked (English, and Vietnamese support words before "bao nhiêu";
    vocabulary.yml `cues: money_received:` for the other Vietnamese words): a "how much" there is no fee
    (reading.Reader._cue_weights)."""
    return bool(_RECEIVED.search(" ".join(scan.words)))


def asks_how_only(lexicon: Lexicon, scan, after_documents_question: bool) -> bool:
    """"Làm thế nào?", "có được không?", "How do I…?", "Is there…?": how or whether, not what to bring (no papers
    named, no ask_documents cue but vocabulary.yml's `cues: overview:`), so the procedure as a whole (the overview,
    which lists the papers too). A message asking nothing itself after a documents question keeps asking that.
    Only the words that ask count: papers told in the story ("lũ cuốn hết giấy tờ…, giờ phải làm sao?") do not."""
    hits = [h for h in scan.hits if h.group == CUE and h.label == "ask_documents"]
    if any(h.group == CUE and h.label == "change_of_mind" for h in scan.hits):
        after_documents_question = False  # "à thôi, đóng hẳn … thì sao?": asked afresh, no follow-up
    asking = _asking_words(scan, hits, _not_asking_which(lexicon, scan, hits))
    paperwork = [h for h in hits if _doing_paperwork(scan.words, h)
                 and " ".join(scan.words[h.start:h.end]) not in lexicon.overview_cues]  # "làm sao" asks how
    asking -= {i for h in paperwork for i in range(h.start, h.end)}
    asked = [" ".join(scan.words[h.start:h.end]) for h in hits if h.start in asking]
    # "…nộp thế nào?": how to hand it in, no paper asked for (robot-asks13)
    how = {h.start for h in hits if _overview(lexicon, scan, h)}
    asking -= {i for i in asking if scan.words[i] in _HANDING and i + 1 in how}
    asking -= {i for h in hits if _asks_whether(lexicon, scan, h) for i in range(h.start, h.end)}
    asking -= _doing_english(scan.words)  # "how I make the paper?" names no paper
    asking -= _spans(_PAPERS_AS_GOAL, scan.words)
    words = f" {' '.join(scan.words[i] for i in sorted(asking))} "
    # "làm văn bản từ chối ở đây được không?": a paper made is the paperwork done, not a paper asked for
    words = re.sub(r" (lam|lo) (?:van ban|to khai|don|giay to|ho so)(?= )", r" \1", words)
    if any(not _overview(lexicon, scan, h) for h in hits if h.start in asking) \
            or any(f" {w} " in words for w in lexicon.paper_words):
        return False
    return bool(asked) or not after_documents_question


def _overview(lexicon: Lexicon, scan, hit) -> bool:
    """A cue that asks how or whether (vocabulary.yml `cues: overview:`), or "do we need" asked of a permit."""
    return " ".join(scan.words[hit.start:hit.end]) in lexicon.overview_cues \
        or bool(_WHETHER_NEEDED.match(" ".join(scan.words[hit.start:hit.start + 12])))


def _not_asking_which(lexicon: Lexicon, scan, hits) -> set[int]:
    """Indexes of "gì/nào/what" that ask no thing: inside a phrase that asks how ("đi làm kiểu gì", "xử lý thế
    nào", "phải làm gì") or inside a nothing ("chưa có giấy tờ gì hết"). Papers told in their clause are the
    topic or the story, not papers asked for (robot-asks13)."""
    inside = {i for h in hits if " ".join(scan.words[h.start:h.end]) in lexicon.overview_cues
              for i in range(h.start, h.end)}
    words = scan.words
    inside |= {i for i, w in enumerate(words) if w == "chi" and i + 1 < len(words) and words[i + 1] not in _CHI_ASKS
               and (not scan.pieces or scan.pieces[i + 1] == scan.pieces[i])}
    joined = " ".join(scan.words)
    for m in _NOTHING.finditer(joined):
        first, last = joined[:m.start()].count(" "), joined[:m.end()].count(" ")
        if not scan.pieces or scan.pieces[first] == scan.pieces[last]:  # "ko có tên ba, cần giấy tờ j" asks
            inside.add(last)
    return inside


def _asks_whether(lexicon: Lexicon, scan, hit) -> bool:
    """"Do I need to register…?", "what do we need to do?": a paper word ("need") inside a phrase that asks how
    or whether names no papers, unless a word asking which comes before it ("what do we need to register?")."""
    if not _overview(lexicon, scan, hit):
        return False
    clause = scan.pieces[hit.start] if len(scan.pieces) == len(scan.words) else None
    return not any(scan.words[i] in _WHICH and (clause is None or scan.pieces[i] == clause) for i in range(hit.start))


def _doing_paperwork(words: list[str], hit) -> bool:
    """"làm giấy tờ", "lo giấy tờ", "làm hồ sơ", "làm đơn" with no word asking which: doing the paperwork."""
    before = words[hit.start - 1] if hit.start else ""
    which = any(w in _WHICH for w in words[hit.start:hit.end + 1])
    return hit.start in _doing_english(words) \
        or not which and (before in _DOING or words[hit.start] in _DOING and hit.end - hit.start == 2)


def _doing_english(words: list[str]) -> set[int]:
    """Indexes of the words of an English phrase that makes the paperwork ("make paper for my baby")."""
    return _spans(_DOING_EN, words)


def _spans(pattern: re.Pattern, words: list[str]) -> set[int]:
    """Indexes of the words a pattern matches in the message."""
    joined = " ".join(words)
    return {joined[:m.start()].count(" ") + k for m in pattern.finditer(joined)
            for k in range(len(m.group().split()))}


# An English clause that opens with an auxiliary and its subject asks ("I translated the documents myself. Can my
# signature still be certified?"): papers told before it are the story (robot-asks13)
_AUXILIARIES = {"can", "could", "may", "does", "will", "would", "should", "is", "are"}
_SUBJECTS = {"i", "we", "you", "he", "she", "they", "my", "our", "his", "her", "it", "this", "that", "the", "there"}


def _yes_no(words: list[str], clauses: list[int], i: int) -> bool:
    return words[i] in _AUXILIARIES and (i == 0 or clauses[i - 1] != clauses[i]) and i + 1 < len(words) \
        and words[i + 1] in _SUBJECTS


def _asking_words(scan, hits, not_which: set[int] = frozenset()) -> set[int]:
    """Indexes of the words that ask: the clause of the last ask_documents cue (or the last clause with a word
    that asks) from its last "thì" before the cue on, and any clause with a word asking which thing (not those
    of `not_which`); every word when nothing asks."""
    clauses = scan.pieces
    if not hits:
        # "newborn needs a birth cert … can i do all of it at once": a run-on asks from its last auxiliary put before
        # its subject; the needs told before it name no papers asked for (round 16)
        openers = [i for i, w in enumerate(scan.words[:-1]) if w in _AUXILIARIES and scan.words[i + 1] in _SUBJECTS]
        return set(range(openers[-1] if openers else 0, len(scan.words)))
    if len(clauses) != len(scan.words):
        return set(range(len(scan.words)))
    asks_in = [clauses[i] for i, w in enumerate(scan.words) if w in _HOW or _yes_no(scan.words, clauses, i)]
    clause = max([clauses[hits[-1].start]] + asks_in)
    own = [h for h in hits if clauses[h.start] == clause]
    start = min(i for i in range(len(scan.words)) if clauses[i] == clause)
    start = max([i + 1 for i in range(start, own[-1].start if own else start) if scan.words[i] in _TOPIC],
                default=start)
    which = {c for i, c in enumerate(clauses) if scan.words[i] in _WHICH and i not in not_which}
    return {i for i in range(len(scan.words)) if i >= start and clauses[i] == clause or clauses[i] in which}
