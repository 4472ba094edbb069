"""What a visitor's message says, facet by facet, and how much each counts (no Rasa import here).

The facets the lexicon finds in a message do not all weigh alike: a long question tells its story first and asks
last, a purpose ("để …") or a reason ("… nên") tells why, a paper held ("đã có khai sinh") is no paper asked for,
the papers a copy is made of are only handled. MessageFacets.read gives each facet its (share of gain, share of
penalty); resolver.py scores every procedure against that.
"""

from __future__ import annotations

from .alternatives import unmeant
from .lexicon import ASIDE, FACET, HELD, PURPOSE, Lexicon, Scan
from .reasons import told_as_reason

# A long question tells its story first ("my sister died...") and asks last ("...become his guardian?"): what
# is said in clauses before the last one that names something counts less, and costs a procedure less.
BACKGROUND = (0.6, 0.4)  # (share of gain, share of penalty)
HANDLED = 0.3  # a paper named only as what is copied ("sao y giấy khai sinh"): vocabulary.yml `explains: [object]`
HELD_FACET = "already_issued"  # what "đã có" / "already has" before a paper says
REFERS_BACK = {"do", "nay", "ay", "ni", "no", "kia"}  # a purpose mark ending "giấy tờ đó/này/ấy/ni/nớ" (round 14)
COPY, FROM_ORIGINAL, EXTRACT = "copy", "from_original", "extract"  # a copy; of an original held; from the register


class MessageFacets:
    def __init__(self, lexicon: Lexicon, procedure_facets: list[set[str]]):
        self.lexicon = lexicon
        self.procedure_facets = procedure_facets  # each procedure's own facets: what the catalogue does to what

    def _objects(self, facets: set[str]) -> set[str]:
        return {f for f in facets if self.lexicon.facets[f].kind == "object"}

    def read(self, scan: Scan, has_cue: bool) -> dict[str, tuple[float, float]]:
        """Facets of a message → (share of its gain, share of its penalty). What the visitor said counts in
        full; what a weak word said ("quán"), what is only implied, or what an earlier clause of a long
        question tells as background counts less: "nhà mới" hints at building, "nhà cũ dột nát" is about a
        house, not a damaged paper to exchange."""
        kinds = self.lexicon.facets
        # "là sửa hay là bổ sung?" after a blank entry told, "không phải lễ hội": a wrong guess or a thing denied
        dropped = unmeant(scan, kinds)
        hits = self._not_bare(scan, [h for h in scan.hits if h.group == FACET and id(h) not in dropped])
        strong = [h for h in hits if not kinds[h.label].weak]
        if not strong and not has_cue:
            return {}  # "quán" alone is not about a business
        purpose = self._purpose(scan, strong)
        aside = {id(h) for h in hits if any(scan.clause_of(h) == clause and h.start > start for clause, start in purpose)}
        aside |= told_as_reason(scan, [h for h in strong if kinds[h.label].kind == "object" and id(h) not in aside])
        focus = max((scan.clause_of(h) for h in hits if kinds[h.label].kind == "object" and id(h) not in aside), default=0)
        focus = self._doing_clause(scan, strong, focus)
        # "sao y giấy khai sinh": the papers a copy is made of are what is handled, not what the visit is about
        handled = {i for h in strong if "object" in kinds[h.label].explains for i in self.lexicon.facet_set([h.label])}
        several = self._copies_of_several(strong)
        handled |= self.lexicon.facet_set([FROM_ORIGINAL]) if several else set()
        # "my late father's estate": next to an inheritance, a guardianship or a will, a death is the story, told
        # before or after it ("How much is a certificate that I'm single? My fiancé is Canadian.")
        told = {b for h in strong if id(h) not in aside for b in kinds[h.label].backgrounds}
        specific = self._specific_before(scan, hits, focus, aside)
        out: dict[str, tuple[float, float]] = {}
        for hit in strong + [h for h in hits if kinds[h.label].weak]:
            said = (0.5, 0.5) if kinds[hit.label].weak else (1.0, 1.0)
            if hit.label in told:
                said = (said[0] * BACKGROUND[0], said[1] * BACKGROUND[1])
            if scan.clause_of(hit) < focus and kinds[hit.label].kind == "object" and not kinds[hit.label].weak \
                    and hit.label not in specific or id(hit) in aside:
                said = (said[0] * BACKGROUND[0], said[1] * BACKGROUND[1])
            if handled and kinds[hit.label].kind == "object" and hit.label not in handled:
                said = (said[0] * HANDLED, said[1] * HANDLED)
            out[hit.label] = max(out.get(hit.label, (0.0, 0.0)), said)
            for implied in self.lexicon.facet_set([hit.label]) - {hit.label}:
                out[implied] = max(out.get(implied, (0.0, 0.0)), (said[0], said[1] * 0.5))
        self._things_of_asked_doing(scan, strong, out)
        if several:
            out[FROM_ORIGINAL] = (1.0, 1.0)
        held = self._holds(scan, strong)
        said_held = held + [h for h in hits if h.label == HELD_FACET]
        if said_held and all(self._told_before(scan, h, focus, strong) for h in said_held):
            out.pop(HELD_FACET, None)
        elif HELD_FACET in kinds and held:
            out[HELD_FACET] = (1.0, 1.0)
        return out

    def _specific_before(self, scan: Scan, hits, focus: int, aside: set) -> set[str]:
        """Things told before the focus whose generic kind is all the focus clause names: "…có khai tử rồi nhưng
        sổ hộ tịch ở xã bị thất lạc" is the death's register lost, not a story before a civil-status question."""
        kinds = self.lexicon.facets
        here = {h.label for h in hits if kinds[h.label].kind == "object" and scan.clause_of(h) == focus
                and id(h) not in aside}
        if not here or not all(kinds[label].weak for label in here):  # generic kinds only ("hộ tịch")
            return set()
        return {h.label for h in hits if kinds[h.label].kind == "object" and scan.clause_of(h) < focus
                and h.label not in here and here <= self.lexicon.facet_set([h.label])}

    def _things_of_asked_doing(self, scan: Scan, strong, out: dict) -> None:
        """The last clause asks for something done and names no thing ("…mún làm giấy ko nhận phần của e thì cần
        j"): of the things told before, those the catalogue does that to (an inheritance refused) are what is asked
        about; the others ("e lấy chồng xa rồi") are the story."""
        kinds = self.lexicon.facets
        if not strong:
            return
        last = max(scan.clause_of(h) for h in strong)
        in_last = [h for h in strong if scan.clause_of(h) == last]
        if any(kinds[h.label].kind == "object" for h in in_last):
            return
        asked = {h.label for h in in_last if not kinds[h.label].default}
        fits = set().union(*(self._objects(own) for own in self.procedure_facets if asked & own)) if asked else set()
        told = {h.label for h in strong if kinds[h.label].kind == "object"}
        if not told & fits or told <= fits:
            return
        for name in told:
            gain, penalty = out[name]
            out[name] = (1.0, 1.0) if name in fits else (gain * BACKGROUND[0], penalty * BACKGROUND[1])

    def _not_bare(self, scan: Scan, hits: list) -> list:
        """A circumstance said by a bare word ("mất", "lost", "không còn") with no thing named in its clause is
        the story's ("mẹ tôi thì mất sớm", "mấy hôm nay mất điện", "không còn nhận ra người thân"), not a paper
        lost: a lost paper is named where it is told ("sổ đỏ bị trôi mất")."""
        kinds = self.lexicon.facets
        things = {scan.clause_of(h) for h in hits if kinds[h.label].kind == "object" and not kinds[h.label].weak}
        if not things:
            return hits  # a follow-up naming no thing ("what if it's been lost?"): about the one discussed
        return [h for h in hits if scan.clause_of(h) in things
                or " ".join(scan.words[h.start:h.end]) not in kinds[h.label].bare]

    def _doing_clause(self, scan: Scan, strong, focus: int) -> int:
        """A thing named in a middle clause with nothing done to it, when the question comes after it naming
        no thing, is a consequence told ("ghi sai tên lót trong giấy khai sinh, giờ làm giấy tờ đất bị vướng.
        Muốn sửa lại…?"): the thing something is done to, earlier, is what is asked about."""
        kinds = self.lexicon.facets
        # a paper held ("đã có sổ hồng") is no thing done, unless the thing named at the focus acts on a paper held
        # ("registered at birth …, his dad wants to be on the record"): "…đã có sổ hồng. … chuyển hộ khẩu về"
        held = HELD_FACET if not any(HELD_FACET in kinds[h.label].explains for h in strong
                                     if kinds[h.label].kind == "object" and scan.clause_of(h) == focus) else None
        doing = {scan.clause_of(h) for h in strong if kinds[h.label].kind != "object" and not kinds[h.label].default
                 and h.label != held}
        things = {scan.clause_of(h) for h in strong if kinds[h.label].kind == "object"}
        last = max((scan.clause_of(h) for h in scan.hits), default=0)
        if focus in doing or last <= focus:
            return focus
        if not any(c > focus for c in doing):
            # ...and a thing told last with nothing done to it, after one something is done to, even a default
            # ("her signature … must be certified. She's with me in a wheelchair. Which counter?")
            done = {scan.clause_of(h) for h in strong if kinds[h.label].kind != "object" and h.label != held}
            if focus in done or any(c > focus for c in done):
                return focus
            doing = done
        earlier = [c for c in things & doing if c < focus]
        return max(earlier) if earlier else focus

    def _copies_of_several(self, strong) -> bool:
        """Copies of two or more different papers at once ("copies of my passport, my degree and my household
        book certified") are copies of originals the visitor holds, not an extract from the register, which
        copies one record."""
        kinds = self.lexicon.facets
        if FROM_ORIGINAL not in kinds or not any(h.label == COPY for h in strong) \
                or any(h.label in (FROM_ORIGINAL, EXTRACT) for h in strong):
            return False
        papers = {h.label for h in strong if kinds[h.label].kind == "object" and h.label != COPY}
        return len(papers) >= 2

    def _told_before(self, scan: Scan, hit, focus: int, strong) -> bool:
        """A paper held told in a clause before another thing is named is the story, not what is asked about:
        "đã có đăng ký hộ kinh doanh, giờ muốn mở thêm karaoke" asks for a first karaoke licence."""
        kinds = self.lexicon.facets
        clause = scan.clause_of(hit)
        here = {h.label for h in strong if kinds[h.label].kind == "object" and scan.clause_of(h) == clause}
        # another thing named in any later clause up to the focus ("sổ đỏ có rồi, cuối năm tính cất nhà. Đi
        # xin phép thì cần gì?": the building is named between the paper held and a question naming no thing)
        later = {h.label for h in strong if kinds[h.label].kind == "object" and clause < scan.clause_of(h) <= focus}
        # ...unless that thing acts on a paper said held ("bé đã có khai sinh, giờ chỉ làm nhận cha": a recognition)
        said = hit.label == HELD_FACET or any(m.group == HELD and 0 <= hit.start - m.end <= 1 for m in scan.hits)
        acts_on_held = said and any(HELD_FACET in kinds[label].explains for label in later - here)
        return clause < focus and bool(later - here) and not acts_on_held

    def _holds(self, scan: Scan, strong) -> list:
        """"đã có (giấy) khai sinh", "already has a birth certificate": the papers named right after a word
        that says the visitor has it (one word may come between: "giấy", "a"), or right before it."""
        kinds = self.lexicon.facets
        marks = [h for h in scan.hits if h.group == HELD]
        # ...or just before one in the same clause, Vietnamese word order: "sổ đỏ (nhà tôi) có rồi"
        return [h for h in strong if kinds[h.label].kind == "object" and any(
            0 <= h.start - m.end <= 1 or 0 <= m.start - h.end <= 2 and scan.clause_of(m) == scan.clause_of(h)
            for m in marks)]

    def _purpose(self, scan: Scan, strong) -> list[tuple[int, int]]:
        """(clause, word) after which the rest of a clause is background: the first "để" / "in order to" after a
        thing is named in its clause ("xin giấy xác nhận độc thân để kết hôn với người Hàn" asks for the
        certificate; the marriage is why; with nothing named before it, "cần gì để đăng ký khai sinh", what
        follows is what is asked for), and "besides" / "ngoài việc" ("Besides the business registration, what
        licence do I need?")."""
        kinds = self.lexicon.facets
        out = [(scan.clause_of(mark), mark.start) for mark in scan.hits if mark.group == ASIDE]
        for mark in (h for h in scan.hits if h.group == PURPOSE):
            clause = scan.clause_of(mark)
            # "…sổ hộ tịch bị thất lạc, giờ (làm sổ đỏ) cần giấy tờ đó (để chia đất)": a paper referred back to
            # is the one of the story told before; the rest of its clause, before or after, is what it is for
            if scan.words[mark.end - 1] in REFERS_BACK and any(
                    scan.clause_of(h) < clause and kinds[h.label].kind == "object" for h in strong):
                return out + [(clause, -1)]
            if any(h.end <= mark.start and scan.clause_of(h) == clause and kinds[h.label].kind == "object"
                   for h in strong):
                return out + [(clause, mark.start)]
        return out
