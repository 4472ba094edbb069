"""Scores every catalogue procedure against a visitor's message (no Rasa import here).

Each procedure is described by facets read from the catalogue itself — its Vietnamese and English names,
its `synonyms`, the extra aliases of vocabulary.yml, optional `facets:` written in the catalogue, and (at half
weight) its field's name — with the same phrases the message is read with (lexicon.py). So "Cấp lại Giấy
chứng nhận do bị mất" / "Re-issue of lost land certificate" is {land_certificate, land, reissue, lost}, and
"tôi làm mất sổ hồng" is {land_certificate, land, lost, reissue}: a new centre's catalogue needs no code.

score = what the message and the procedure share (objects weigh most)
        − what the message says that the procedure is not (a lost paper is not an exchange)
        − what the procedure is that the message does not say (unless it is a default: a first issue)
        + a bonus for a whole name or synonym found word for word.
A procedure is named when it scores at least NAMED; when others come within MARGIN of the best, the robot
asks which one (at most MAX_CHOICES).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .alternatives import offered, unmeant
from .lexicon import ASIDE, FACET, HELD, PURPOSE, Lexicon, Scan
from .reasons import told_as_reason
from .text import ProcedureIndex, normalise

WEIGHT = {"object": 3.0, "action": 2.5, "qualifier": 2.5}
EXTRA_IN_MESSAGE = {"object": 2.0, "action": 2.5, "qualifier": 2.5}
MISSING_IN_MESSAGE = {"object": 1.5, "action": 1.2, "qualifier": 1.2}
FIELD_SHARE = 0.5
MISSING_MAX = 1.5  # "thực hiện, điều chỉnh, thôi hưởng": alternatives, one miss is enough
NAME_BONUS_PER_WORD, NAME_BONUS_MAX = 0.3, 1.5
NAMED = 0.0  # lowest score that names a procedure...
NAMED_ASKED = -2.0  # ...when the message asks a question about it (a long story's other details cost it)
STORY_FLOOR = -3.0  # ...or lower, alone and on a thing the question says in full (_alone_on_its_thing)
SHARED = 1.5  # ...with something it acts on in common with the message (or a whole name said)
MARGIN = 1.0
OFFERED_MARGIN = 4.0  # two procedures the visitor asks between ("sửa hay bổ sung?"): asked, within this
MAX_CHOICES = 3
# A long question tells its story first ("my sister died...") and asks last ("...become his guardian?"): what
# is said in clauses before the last one that names something counts less, and costs a procedure less.
BACKGROUND = (0.6, 0.4)  # (share of gain, share of penalty)
HANDLED = 0.3  # a paper named only as what is copied ("sao y giấy khai sinh"): vocabulary.yml `explains: [object]`
CONTRADICTED = 4.0  # a message facet against one of the procedure's (`not_with`): "đã có khai sinh" is no first birth registration
HELD_FACET = "already_issued"  # what "đã có" / "already has" before a paper says
REFERS_BACK = {"do", "nay", "ay", "ni", "no", "kia"}  # a purpose mark ending "giấy tờ đó/này/ấy/ni/nớ" (round 14)
COPY, FROM_ORIGINAL, EXTRACT = "copy", "from_original", "extract"  # a copy; of an original held; from the register


@dataclass
class Profile:
    pid: str
    own: set[str]  # facets of all its names together
    field: set[str]
    names: list[str]  # normalised aliases, for the word-for-word bonus
    ways: list[set[str]]  # facets of each name apart: a message need only match one way of naming it
    implied: set[str] = field(default_factory=set)  # things only implied by its names (a funeral's death)


@dataclass
class Resolution:
    procedure_id: str | None = None
    choices: list[str] = field(default_factory=list)
    scores: list[tuple[str, float]] = field(default_factory=list)  # best first

    @property
    def named(self) -> bool:
        return bool(self.procedure_id or self.choices)


class Resolver:
    def __init__(self, lexicon: Lexicon, procedures: list[dict], fields: list[dict],
                 extra_aliases: dict[str, list[str]] | None = None):
        self.lexicon = lexicon
        field_facets = {f["id"]: self._facets_of(_names(f.get("name", f))) for f in fields}
        self.profiles: list[Profile] = []
        for proc in procedures:
            aliases = ProcedureIndex.aliases_of(proc, (extra_aliases or {}).get(proc["id"], []))
            written = lexicon.facet_set(proc.get("facets") or [])  # the catalogue's own `facets:`, if any
            own = self._facets_of(aliases) | written
            # Whole names only: a shortened name ("Liên thông đăng ký khai sinh") lacks what makes it differ.
            whole = _names(proc.get("name", proc)) + list(proc.get("synonyms") or []) + \
                (extra_aliases or {}).get(proc["id"], [])
            ways = [w for w in (self._objects(self._facets_of([alias]) | written) for alias in whole) if w] or \
                [self._objects(own)]
            names = sorted({normalise(a) for a in aliases if len(normalise(a).split()) >= 2}, key=len, reverse=True)
            said = {label for alias in aliases for label in lexicon.scan(alias, (FACET,)).labels(FACET)}
            self.profiles.append(Profile(proc["id"], own, field_facets.get(proc.get("field_id"), set()) - own,
                                         names, ways, self._objects(own) - said - written))

    def _facets_of(self, texts) -> set[str]:
        labels: list[str] = []
        for text in texts:
            labels.extend(self.lexicon.scan(text, (FACET,)).labels(FACET))
        return self.lexicon.facet_set(labels)

    def message_facets(self, scan: Scan, has_cue: bool) -> dict[str, tuple[float, float]]:
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
        fits = set().union(*(self._objects(p.own) for p in self.profiles if asked & p.own)) if asked else set()
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

    def score(self, profile: Profile, facets: dict[str, tuple[float, float]], text_norm: str) -> tuple[float, float]:
        """(score, weight of the things it acts on shared with the message)."""
        kinds = self.lexicon.facets
        total = shared = 0.0
        for name, (gain_share, penalty_share) in facets.items():
            facet = kinds[name]
            if name in profile.own:
                gain = WEIGHT[facet.kind] * gain_share
                total += gain
                shared += gain if facet.kind == "object" else 0.0  # what it acts on must be in common
            elif name in profile.field:
                total += WEIGHT[facet.kind] * FIELD_SHARE * gain_share
            elif not facet.default and not self._explained(facet, profile, facets):
                total -= EXTRA_IN_MESSAGE[facet.kind] * penalty_share
            if profile.own.intersection(facet.not_with):
                total -= CONTRADICTED  # a fact of the visitor's, however it was told
        # Things it acts on: one way of naming it need match ("trợ cấp khuyết tật" is one of its names);
        # what is done and its circumstances: all of them, but a long name's list of alternatives counts once.
        total -= min(self._missing(way, facets) for way in profile.ways)
        total -= min(MISSING_MAX, self._missing(self._unsaid_doings(profile, facets), facets))
        for name in profile.names:
            if f" {name} " in text_norm:  # a whole name or synonym said word for word
                total += min(NAME_BONUS_MAX, NAME_BONUS_PER_WORD * len(name.split()))
                shared = max(shared, SHARED)
                break
        return total, shared

    def named_in_full(self, pid: str | None, words: list[str]) -> bool:
        """One of the procedure's whole names or synonyms said word for word ("chứng thực bản sao …"); `words`: a
        scan's."""
        text_norm = f" {' '.join(words)} "
        return any(f" {name} " in text_norm for p in self.profiles if p.pid == pid for name in p.names)

    def _explained(self, facet, profile: Profile, said=()) -> bool:
        """A message's facet that the procedure covers through what it implies, of the same nature: a lost paper
        is why a re-issue is asked for; a birth certificate is a civil-status record."""
        kinds = self.lexicon.facets
        thing = facet.kind == "object"
        own = profile.own
        if any(facet.name in kinds[o].explains for o in own):
            return True  # vocabulary.yml `explains`: a re-registration is asked for because the record was lost
        if any(facet.kind in kinds[o].explains for o in own if o in said):
            return True  # a kind, when the message says it too: "sao y giấy khai sinh" copies a birth certificate
        if thing and all(any(not kinds[o].weak and o not in facet.implies for o in way) for way in profile.ways):
            return False  # a death is a civil-status record, but not the birth a birth's re-registration is about
        return any((kinds[i].kind == "object") == thing for i in facet.implies if i in own)

    def _unsaid_doings(self, profile: Profile, facets) -> set[str]:
        """What the procedure does and its circumstances that may cost it when unsaid: a name's list of actions
        ("sửa đổi, bổ sung, hủy bỏ hợp đồng") are alternatives, so none costs once one of them is said."""
        kinds = self.lexicon.facets
        doings = profile.own - self._objects(profile.own)
        actions = {n for n in doings if kinds[n].kind == "action" and not kinds[n].default}
        return doings - actions if actions & set(facets) else doings

    def _objects(self, facets: set[str]) -> set[str]:
        return {f for f in facets if self.lexicon.facets[f].kind == "object"}

    def _missing(self, way: set[str], facets) -> float:
        kinds = self.lexicon.facets
        return sum(MISSING_IN_MESSAGE[kinds[n].kind] * (0.5 if kinds[n].weak else 1.0)
                   for n in way - set(facets) if not kinds[n].default)

    def rank(self, facets: dict[str, tuple[float, float]], text: str) -> list[tuple[str, float]]:
        text_norm = f" {' '.join(self.lexicon.scan(text, ()).words)} "
        scores = []
        for profile in self.profiles:
            total, shared = self.score(profile, facets, text_norm)
            scores.append((profile.pid, round(total, 2), shared))
        return [(pid, total) for pid, total, shared in sorted(scores, key=lambda s: -s[1]) if shared >= SHARED]

    def resolve(self, facets: dict[str, tuple[float, float]], text: str, asked: bool = False) -> Resolution:
        """asked: the message asks a question (documents, fee...): a long story's details may cost the best fit
        more, down to NAMED_ASKED, when it is the only fit that near."""
        scores = self.rank(facets, text)
        floor = NAMED_ASKED if asked else NAMED
        if scores and asked and self._alone_on_its_thing(scores, facets):
            return Resolution(procedure_id=scores[0][0], scores=scores[:5])
        if not scores or scores[0][1] < floor:
            return Resolution(scores=scores[:5])
        best = scores[0][1]
        close = [pid for pid, s in scores if s >= max(floor, best - MARGIN)][:MAX_CHOICES]
        # A procedure a fact of the visitor's contradicts ("thương binh" against a veteran's funeral support) is
        # no choice to offer next to one it does not contradict.
        fitting = [pid for pid in close if not self._contradicted(pid, facets)]
        close = fitting or close
        asked_between = self._asked_between(text, scores, max(floor, best - OFFERED_MARGIN))
        if asked_between and close[0] in asked_between:
            return Resolution(choices=asked_between, scores=scores[:5])
        if len(close) == 1:
            return Resolution(procedure_id=close[0], scores=scores[:5])
        return Resolution(choices=close, scores=scores[:5])

    def _asked_between(self, text: str, scores, floor: float) -> list[str]:
        """"khai sinh thì sửa hay bổ sung?": the best fit that does one and the best that does the other, when both
        fit well enough; the visitor asks which, so the robot does not guess."""
        owns = {p.pid: p.own for p in self.profiles}
        for a, b in offered(self.lexicon.scan(text, (FACET,)), self.lexicon.facets):
            best = [next((pid for pid, s in scores if s >= floor and x in owns[pid] and y not in owns[pid]), None)
                    for x, y in ((a, b), (b, a))]
            if all(best):
                return sorted(best, key=[pid for pid, _ in scores].index)
        return []

    def _alone_on_its_thing(self, scores, facets) -> bool:
        """A long story may cost the best fit below NAMED_ASKED, down to STORY_FLOOR, when it stands alone (no
        other within MARGIN) and acts on a thing the question says in full ("…Làm giám hộ cho mẹ thì cần gì?")."""
        best = scores[0][1]
        if not STORY_FLOOR <= best < NAMED_ASKED or len(scores) > 1 and scores[1][1] > best - MARGIN:
            return False
        return any(facets[n][0] >= 1.0 for n in self.objects_of(scores[0][0]) if n in facets)

    def _contradicted(self, pid: str, facets) -> bool:
        own = next(p.own for p in self.profiles if p.pid == pid)
        return any(own.intersection(self.lexicon.facets[name].not_with) for name in facets)

    def only_implied(self, pid: str | None, facets) -> bool:
        """Every thing the message names is one the procedure's names only imply: "khai tử" after a veteran's
        funeral support (a funeral implies a death) names the death registration, not the support."""
        profile = next((p for p in self.profiles if p.pid == pid), None)
        things = self._objects(set(facets))
        return bool(profile and things) and things <= profile.implied | {t for t in things if self.lexicon.facets[t].weak}

    def objects_of(self, pid: str) -> set[str]:
        profile = next((p for p in self.profiles if p.pid == pid), None)
        return self._objects(profile.own) if profile else set()


def _names(name) -> list[str]:
    if isinstance(name, str):
        return [name]
    return [name[k] for k in ("vi", "en") if name.get(k)]
