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

from .alternatives import offered
from .lexicon import FACET, Lexicon, Scan
from .message_facets import MessageFacets
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
CONTRADICTED = 4.0  # a message facet against one of the procedure's (`not_with`): "đã có khai sinh" is no first birth registration


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
        self.reading = MessageFacets(lexicon, [p.own for p in self.profiles])

    def _facets_of(self, texts) -> set[str]:
        labels: list[str] = []
        for text in texts:
            labels.extend(self.lexicon.scan(text, (FACET,)).labels(FACET))
        return self.lexicon.facet_set(labels)

    def message_facets(self, scan: Scan, has_cue: bool) -> dict[str, tuple[float, float]]:
        """Facets of the message → (share of its gain, share of its penalty): message_facets.py."""
        return self.reading.read(scan, has_cue)

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
