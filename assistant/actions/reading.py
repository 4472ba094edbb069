"""What a visitor's message asks, and about which procedure, in the context of the conversation (no Rasa
import here: the actions, `make robot-eval` and the tests all call `Reader.read`).

Order of decisions (docs/assistant.md):
1. an appointment ("tôi có lịch hẹn", or the booking code the robot asked for) → appointment_checkin;
   a counter by its number ("quầy số 3 ở đâu"; "is counter 7 upstairs?" when no procedure is named and nothing
   else is asked) → counter_location; a ticket number or "how many ahead" (not next to a priority word: "can I
   skip the queue?") → queue_position; another centre nearby with a shorter wait ("chỗ nào gần đây làm nhanh hơn?") → ask_nearby,
   about the procedure named, else the one discussed; a topic handled elsewhere (divorce, passports, the weather)
   with no procedure (or one read only from weak words, from a story left for that topic, or as what it is
   wanted for) → out_of_scope,
   unless a general question is asked after the story that names it ("…đi xe ôm sang đây. Có được ưu tiên không?");
2. "a person", "priority", opening hours: general intents, unless the message asks about a procedure it names;
3. a question about a procedure (documents, fee, time, counter, a ticket): the procedure named in the message
   (it replaces the one discussed), else — a follow-up — the one discussed before;
4. a procedure named alone, or a situation ("bố tôi vừa mất") → its overview, or the same kind of question as
   before when it reads as a follow-up ("còn di chúc thì sao?"), or its documents when a question word asks;
5. greetings, thanks, goodbye; many words the robot knows nothing about → out_of_scope; else no reading
   (the trained NLU model decides: yes/no, a priority group...).
Which procedure: the facets (resolver.py), with the catalogue-text backoff (backoff.py) where they are unsure.
A message that adds a circumstance without naming a thing ("bạn trai em là người Hàn") is read with the
things of the procedure discussed before, so it can move to its sibling (marriage → with a foreigner).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from . import elsewhere
from .backoff import Backoff, catalogue_texts
from .facility_asks import asks_facility
from .counter_numbers import counter_number_in, counter_number_said
from .intent_model import IntentModel, default_intent_model, default_procedure_model
from .asking import told_cues
from .intents import GENERAL, PROCEDURE_QUESTIONS, asks_afresh, asks_amount_received, asks_how_only
from .lexicon import CUE, ELSEWHERE, Lexicon, default_lexicon
from .resolver import Resolution, Resolver
from .ticket_numbers import appointment_code_in, ticket_number_in

# Cues of a question that is not about a procedure: the catalogue-text backoff never guesses one for it.
NOT_ABOUT_A_PROCEDURE = GENERAL + ("queue_position", "counter_location", "counter_number", "appointment_checkin")
NEARBY = "ask_nearby"  # another centre with a shorter wait: keeps the procedure discussed, like a follow-up
# "chỗ nào", "ở đâu", "where" ask for a place: another centre when asked with a quicker word; not "quầy nào"
_HERE_WORDS = {"quay", "counter", "desk", "window", "phong", "ban", "room"}
SMALL_TALK = ("goodbye", "thanks", "greet")
PLAIN_TICKET = 3  # "bấm giùm em 1 phiếu": a ticket asked for in three words or more (not "xin số điện thoại")
SINGLE_WORD_CUE = 0.8  # "phí", "where": weaker evidence than "bao nhiêu tiền", "which counter"
WEAK_CUE = 0.5  # vocabulary.yml `cues: weak:` ("thế nào", "how do i"): any question might say it
LAST_WORD = 0.1  # a tie between two questions goes to the one said last
LAST_ASK = 1.5  # a question asked in the last of several clauses weighs more than one asked before
OUT_OF_SCOPE_WORDS = 2  # content words the robot knows nothing about, with no procedure: not its business
# The catalogue-text backoff (backoff.py) decides only where the facet reader is unsure: between its 2-3
# choices when one is clearly more similar, or for a question about a procedure the facets did not find.
PICK_RATIO = 1.2  # the most similar choice against the next one
FIND_SIMILARITY, FIND_RATIO = 0.12, 1.25  # no procedure found: the most similar, against the next one
# Before both, the procedure model (the visitor-style questions nearest to it) picks among the choices or finds
# one when its neighbours agree this much and the nearest is this similar (a lower agreement turned choices
# that fit as well into guesses). It never replaces the facets' pick: its neighbours share a story's words, not
# the thing named ("giấy chứng tử ... xã không còn lưu sổ, đăng ký lại" read as a birth). docs/assistant.md.
LEARNT_CONFIDENCE, LEARNT_SIMILARITY = 0.8, 0.3
# The intent model (intent_model.py) answers where the cues found nothing to go on, when its nearest examples
# give one general intent (or out of scope) this share of their votes and the nearest is this similar...
MODEL_CONFIDENCE, MODEL_SIMILARITY = 0.5, 0.3
# ...and replaces a procedure read from weak evidence only when they agree more (_unless_general).
OVERRIDE_CONFIDENCE, OVERRIDE_SIMILARITY = 0.6, 0.35
WEAK_PROCEDURE_YIELDS_TO = ("priority", "human_handoff", "queue_position", "opening_hours", "out_of_scope")


# A question word ("... phải xin gì?", "what does he need?") with a procedure and no cue of its own: a question
# about that procedure, not a sibling of the one discussed said as "còn … thì sao?" (see `follow_up` below).
# "gì đó", "sao cũng được" are not questions ("something", "whatever"), nor is "bản sao" (a copy).
# Central "… sửa răng?", "… làm răng rứa?" (how?) ends a question; elsewhere "răng" is a tooth or "rằng" (that).
# "Is there support…?", "Can she get…?", "có được hỗ trợ không?": a yes/no question about a procedure; so is an
# English question that puts its verb first ("Can I exchange it?", "Could you certify…?", "What do we do for…?").
_ASKS = re.compile(r"\b(?:gi|j|(?<!ban )sao)\b(?! (?:do|day|ca|cung)\b)|\b(?:what|how)\b|\b(?:is|are) there\b"
                   r"|\brang(?: vay)?$"
                   r"|\bcan (?:i|we|he|she|they|the family|my family|our family) (?:get|apply|receive|claim|request)\b"
                   r"|\bcan (?:my|our|his|her) (?:\w+ ){1,10}?(?:get|apply|receive|claim)\b"
                   r"|\b(?:can|could|may|should|shall|must) (?:i|we|you|he|she|they|the (?:ward|office|centre|center"
                   r"|commune|staff|state|government))\b(?! (?:tell|explain|describe|give me (?:some |more )?info))"
                   r"|\b(?:co|duoc) (?:duoc )?(?:ho tro|tro cap|che do|giup)(?: gi)? (?:khong|ko|k|hk|hong)\b")

# "không có trợ cấp gì", "chưa có giấy tờ gì": nothing, no question
_NOTHING = re.compile(r"\b(?:khong|chua|chang) (?:co|con|duoc)(?: \w+){0,3} gi\b")


@dataclass
class Context:
    procedure_id: str | None = None  # the procedure discussed (slot `procedure`)
    question: str | None = None  # the kind of the last question answered about it (ask_fee...)
    awaiting_code: bool = False  # the robot just asked for an appointment's booking code


@dataclass
class Reading:
    intent: str | None  # the robot's intent (domain.yml), None: leave it to the NLU model
    procedure_id: str | None = None
    choices: list[str] = field(default_factory=list)
    from_context: bool = False  # the procedure was kept from earlier in the conversation
    counter_number: int | None = None
    ticket_number: str | None = None
    appointment_code: str | None = None
    scores: list[tuple[str, float]] = field(default_factory=list)


class Reader:
    def __init__(self, catalogue: dict, lexicon: Lexicon | None = None,
                 extra_aliases: dict[str, list[str]] | None = None, intent_model: IntentModel | None = None,
                 procedure_model: IntentModel | None = None):
        self.lexicon = lexicon or default_lexicon()
        self.intent_model = intent_model or default_intent_model(self.lexicon.shorthand)
        self.procedure_model = procedure_model or default_procedure_model(self.lexicon.shorthand)
        self.catalogue = catalogue
        self.resolver = Resolver(self.lexicon, catalogue.get("procedures", []), catalogue.get("fields", []),
                                 extra_aliases)
        self.redirects = {p["id"] for p in catalogue.get("procedures", []) if p.get("redirect")}
        self.prefixes = {f["prefix"].upper() for f in catalogue.get("fields", []) if f.get("prefix")}
        self.own_facets = {p.pid: p.own for p in self.resolver.profiles}
        self.backoff = Backoff(self.lexicon, catalogue_texts(
            self.lexicon, catalogue.get("procedures", []), catalogue.get("fields", []), self.own_facets,
            extra_aliases or {}))

    def read(self, text: str, context: Context | None = None) -> Reading:
        context = context or Context()
        scan = self.lexicon.scan(text)
        reading = self._read(text, context, scan)
        if reading.intent == "ask_documents" and asks_how_only(self.lexicon, scan, context.question == "ask_documents"):
            reading = replace(reading, intent="inform_procedure")
        if asks_facility(self, text, scan, reading):  # "wc ở đâu", "photo căn cước ở đâu": the centre's facility
            return Reading("out_of_scope", scores=reading.scores)
        return reading

    def _read(self, text: str, context: Context, scan) -> Reading:
        cues = self._cue_weights(scan)
        question = max(PROCEDURE_QUESTIONS, key=lambda k: (cues.get(k, 0), -PROCEDURE_QUESTIONS.index(k)))
        question = question if cues.get(question) else None
        facets = self.resolver.message_facets(scan, bool(question))
        # A fresh question may name a fit its story's details cost; a follow-up keeps the procedure discussed
        # unless another one is plainly named.
        fresh = bool(question) and not context.procedure_id
        found = self.resolver.resolve(facets, text, fresh) if facets else Resolution()
        # A follow-up ("còn phí?") keeps the procedure discussed: the backoff looks for one only in a fresh question,
        # and never to issue a ticket: a wrong guess prints the wrong ticket ("tôi muốn lấy số" read "lấy vợ",
        # a marriage), where asking which procedure costs one tap.
        # Nor for a general question ("how long until my number comes up?" is the queue, not a procedure's time),
        # nor for one that names nothing the vocabulary knows ("xin giấy khám sức khỏe ở đâu" is no procedure).
        fresh_guess = question not in (None, "take_ticket") and not scan.labels(ELSEWHERE) and not context.procedure_id
        named = found
        found = self._second_opinion(found, text, fresh_guess and not NOT_ABOUT_A_PROCEDURE & cues.keys()
                                     and bool(facets))
        guessed = found.named and not named.named and not named.choices  # the backoff's guess alone
        words = " ".join(scan.words)

        if "appointment_checkin" in cues or context.awaiting_code:  # "tôi có lịch hẹn", then the code
            code = appointment_code_in(text, expected=True)
            if code or "appointment_checkin" in cues:
                return Reading("appointment_checkin", appointment_code=code)
        if "counter_location" in cues:
            return Reading("counter_location", counter_number=counter_number_in(scan, "counter_location"))
        if self._asks_nearby(scan, cues) and (found.procedure_id or not scan.labels(ELSEWHERE)):
            return self._nearby(found, facets, context)
        ticket = ticket_number_in(text, self.prefixes)
        if ticket and not (found.named and question):
            return Reading("queue_position", ticket_number=ticket)
        if "counter_number" in cues and not found.named and "queue_position" not in cues \
                and max(cues.get(k, 0) for k in PROCEDURE_QUESTIONS if k != "ask_counter") < 1:
            # "quầy 2 bên trái hay bên phải?", "is counter 7 upstairs?": a counter by its number, nothing else asked
            return Reading("counter_location", counter_number=counter_number_in(scan, "counter_number"))
        # "can I skip the queue?" is priority; "…my baby needs feeding. How many are before me?" asks no procedure question
        if "queue_position" in cues and (not found.named or not question) and "priority" not in cues:
            return Reading("queue_position")
        if scan.labels(ELSEWHERE) and elsewhere.answers(scan, self.lexicon, found.procedure_id, cues, question):
            return Reading("out_of_scope", scores=found.scores)
        # A follow-up read with the procedure discussed first: "còn nếu nghỉ hẳn, đóng cửa không bán nữa thì cần giấy
        # gì?" after a suspension names the closure, and "đóng cửa" is then no opening hour.
        found, follow_up = self._follow_up(found, facets, text, context, "follow_up" in cues)
        for general in GENERAL:  # ...unless the message names a procedure and the general word is weak ("Sunday")
            # or it asks about the procedure at least as plainly ("bà bầu có được ưu tiên không" is priority)
            # A word that only asks for a person or priority is never weak: "do disabled people get priority?"
            weak = cues[general] < 1 if general in cues and general not in ("human_handoff", "priority") else False
            if general in cues and not (found.named and (weak and question or question and cues[question] >= cues[general])):
                return self._unless_small_talk(Reading(general, scores=found.scores), text, scan)

        if question:
            if found.named:
                return self._unless_general(self._about(question, found), text, scan, cues[question] < 1, guessed)
            # ...but no ticket for a procedure done elsewhere (residence, ID card: the police): which one? (robot-asks13)
            if context.procedure_id and not (question == "take_ticket" and context.procedure_id in self.redirects):
                return Reading(question, procedure_id=context.procedure_id, from_context=True, scores=found.scores)
            # "in giùm tôi phiếu xếp hàng": a ticket asked for in so many words, whatever else the words say
            if question == "take_ticket" and cues[question] >= PLAIN_TICKET:
                return Reading(question, scores=found.scores)
            if len(self._unknown_words(scan)) >= OUT_OF_SCOPE_WORDS:
                return self._learnt(text, context, Reading("out_of_scope", scores=found.scores))
            if question == "take_ticket":  # "bốc số ở đâu?": a ticket, the robot asks for which procedure
                return Reading(question, scores=found.scores)
            return self._learnt(text, context, Reading(question, scores=found.scores), asked=True)
        if found.named:
            # A sibling of the procedure discussed, named without a question ("my fiancé is French"), asks the
            # same question about it, like "còn … thì sao?".
            asks = _ASKS.search(_NOTHING.sub(" ", words))
            follow_up = follow_up or not asks and self._sibling(found.procedure_id, context.procedure_id)
            changed_mind = asks_afresh(scan, cues, context.question)  # "à thôi, đóng hẳn … thì sao"
            kind = context.question if follow_up and context.question in PROCEDURE_QUESTIONS and not changed_mind \
                else "inform_procedure"
            bare = kind == "inform_procedure"  # no question cue: "Is there a photocopy shop…? …copy my passport."
            if bare and asks:
                kind = "ask_documents"  # "…what does he need?": read() keeps it only when papers are named
            return self._unless_general(self._about(kind, found), text, scan, not follow_up, guessed or bare)
        for talk in SMALL_TALK:
            if talk in cues:
                return Reading(talk)
        if len(self._unknown_words(scan)) >= OUT_OF_SCOPE_WORDS:
            return self._learnt(text, context, Reading("out_of_scope", scores=found.scores))
        return self._learnt(text, context, Reading(None, scores=found.scores))

    def _follow_up(self, found: Resolution, facets: dict, text: str, context: Context,
                   follow_up: bool) -> tuple[Resolution, bool]:
        """The procedure a message means in the conversation: the one discussed when it names only its topic,
        its sibling when it adds a circumstance; and whether the message follows up on it."""
        if found.named and context.procedure_id and found.procedure_id != context.procedure_id \
                and self._same_topic(facets, context.procedure_id) and not (  # "còn đi khai tử…" after funeral support
                    self.resolver.only_implied(context.procedure_id, facets)
                    and self.resolver.named_in_full(found.procedure_id, self.lexicon.scan(text, ()).words)):
            return Resolution(procedure_id=context.procedure_id, scores=found.scores), follow_up  # "bao lâu thì có sổ mới?"
        # A circumstance moves to the sibling; a word left unsaid in names ("bao lâu thì có giấy mới?": new) only
        # when the visitor asks about it as a case of its own ("còn nếu xin mới thì sao?").
        kinds = self.lexicon.facets
        if not found.named and facets and context.procedure_id \
                and (follow_up or not all(kinds[f].default or kinds[f].weak for f in facets)):
            refined = self._refine(facets, text, context.procedure_id)
            if refined.named:
                return refined, True
        return found, follow_up

    def _unless_general(self, reading: Reading, text: str, scan, weakly_asked: bool, guessed: bool) -> Reading:
        """A procedure read from weak evidence — no question cue or only a weak one ("có phải", "có được"), or
        a procedure only the backoff guessed — gives way to the intent model's general intent when its nearest
        examples agree on it more: "người khuyết tật có phải xếp hàng không?" asks for priority, not for the
        disability certificate. Out of scope only instead of a guess or of a procedure named with no question
        ("vay tiền trả góp ở đâu" is not a land procedure, "gần đây có quán cà phê không" no business)."""
        if not (weakly_asked or guessed):
            return reading
        guess = self.intent_model.guess(text)
        if guess.label == "out_of_scope" and self.resolver.named_in_full(reading.procedure_id, scan.words) \
                and not scan.labels(ELSEWHERE):  # "chứng thực bản sao bằng lái xe": what is copied
            return reading
        leaves = guess.label != "out_of_scope" or guessed or reading.intent == "inform_procedure"
        if guess.label in WEAK_PROCEDURE_YIELDS_TO and leaves and guess.agrees(OVERRIDE_CONFIDENCE, OVERRIDE_SIMILARITY):
            return Reading(guess.label, scores=reading.scores)
        return reading

    def _unless_small_talk(self, reading: Reading, text: str, scan) -> Reading:
        """A general cue that any talk may hold ("mấy giờ", "người thật") gives way to out of scope when the
        intent model's nearest examples agree the message is small talk or another place's business and the
        message says things the robot does not know ("tối nay Việt Nam đá với Thái mấy giờ?")."""
        if not (scan.labels(ELSEWHERE) or len(self._unknown_words(scan)) >= OUT_OF_SCOPE_WORDS):
            return reading
        guess = self.intent_model.guess(text)
        if guess.label == "out_of_scope" and guess.agrees(OVERRIDE_CONFIDENCE, OVERRIDE_SIMILARITY):
            return Reading("out_of_scope", scores=reading.scores)
        return reading

    def _learnt(self, text: str, context: Context, fallback: Reading, asked: bool = False) -> Reading:
        """Where no cue decided — words the vocabulary does not know, or a question without a procedure —
        the intent model's general intent when its nearest examples agree on one; else `fallback`.
        A question the cues found (asked) is out of scope only when they agree more ("giá xăng bao nhiêu?")."""
        guess = self.intent_model.guess(text)
        if guess.label is None or not guess.agrees(MODEL_CONFIDENCE, MODEL_SIMILARITY) or asked \
                and guess.label == "out_of_scope" and not guess.agrees(OVERRIDE_CONFIDENCE, OVERRIDE_SIMILARITY):
            return fallback
        if guess.label in (NEARBY, "take_ticket"):  # about the procedure discussed, like the cue's reading
            return Reading(guess.label, procedure_id=context.procedure_id, from_context=bool(context.procedure_id))
        if guess.label == "appointment_checkin":
            return Reading(guess.label, appointment_code=appointment_code_in(text, expected=True))
        if guess.label == "counter_location":
            return Reading(guess.label, counter_number=counter_number_said(self.lexicon.scan(text, groups=())))
        return Reading(guess.label, scores=fallback.scores)

    def _second_opinion(self, found: Resolution, text: str, asks: bool) -> Resolution:
        """The backoff's word where the facets are unsure: one of the choices when it is clearly the most
        similar; a procedure for a question the facets found none for, when one stands out. The procedure model
        (nearest labelled questions) speaks first in both cases."""
        learnt = self._learnt_procedure(found, text, asks)
        if learnt:
            return Resolution(procedure_id=learnt, scores=found.scores)
        if found.choices:
            ranked = self.backoff.rank(text, found.choices)
            if ranked and (len(ranked) == 1 or ranked[0][1] >= PICK_RATIO * ranked[1][1]):
                return Resolution(procedure_id=ranked[0][0], scores=found.scores)
            return found
        if found.named or not asks:
            return found
        ranked = self.backoff.rank(text)[:2] + [("", 0.0)]
        if ranked[0][1] >= FIND_SIMILARITY and ranked[0][1] >= FIND_RATIO * ranked[1][1]:
            return Resolution(procedure_id=ranked[0][0], scores=found.scores)
        return found

    def _learnt_procedure(self, found: Resolution, text: str, asks: bool) -> str | None:
        if found.procedure_id or not (found.choices or asks):
            return None
        guess = self.procedure_model.guess(text, set(found.choices) if found.choices else None)
        return guess.label if guess.agrees(LEARNT_CONFIDENCE, LEARNT_SIMILARITY) else None

    def _asks_nearby(self, scan, cues: dict[str, float]) -> bool:
        """A place other than here ("gần đây", "phường khác", "nearby") with a quicker or less busy word ("nhanh
        hơn", "ít người", "shorter queue", "có đông không"); or "where / chỗ nào" with a quicker word."""
        quicker = "nearby_quicker" in cues
        if "nearby_place" in cues:
            return quicker or "queue_position" in cues
        return quicker and any(h.group == CUE and h.label == "ask_counter"
                               and not _HERE_WORDS.intersection(scan.words[h.start:h.end]) for h in scan.hits)

    def _nearby(self, found: Resolution, facets: dict, context: Context) -> Reading:
        """ask_nearby about the procedure named, else — a follow-up — the one discussed (none: the robot asks).
        Only a procedure the message names counts: not the catalogue-text backoff's guess from "làm nhanh hơn"."""
        if found.named and facets and not (context.procedure_id and found.procedure_id != context.procedure_id
                                and self._same_topic(facets, context.procedure_id)):
            return self._about(NEARBY, found)
        return Reading(NEARBY, procedure_id=context.procedure_id, from_context=bool(context.procedure_id),
                       scores=found.scores)

    def _about(self, intent: str, found: Resolution) -> Reading:
        return Reading(intent, procedure_id=found.procedure_id, choices=found.choices, scores=found.scores)

    def _refine(self, facets: dict, text: str, previous: str) -> Resolution:
        """A circumstance without a thing: read it with the things of the procedure discussed."""
        kinds = self.lexicon.facets
        if any(kinds[f].kind == "object" and not kinds[f].weak for f in facets) or all(kinds[f].default for f in facets):
            return Resolution()  # a thing of its own, or only what goes without saying ("lần đầu")
        things = {f: (1.0, 1.0) for f in self.resolver.objects_of(previous)}
        refined = self.resolver.resolve({**facets, **things}, text)
        said = {f for f in facets if kinds[f].kind != "object" and not kinds[f].default}
        if refined.choices and previous in refined.choices:
            # ...unless the circumstance is another choice's own ("nếu sổ gốc ở xã bị mất hết thì sao?" after
            # an extract copy: the record is registered again)
            owners = [pid for pid in refined.choices if said and said <= self.own_facets.get(pid, set())]
            moved = owners[0] if len(owners) == 1 and not said <= self.own_facets.get(previous, set()) else previous
            return Resolution(procedure_id=moved, scores=refined.scores)
        # ...and moves only to a procedure that is about that circumstance: "sửa xong thì mất mấy hôm?" after a
        # correction of a land certificate is not a first issue.
        if refined.procedure_id and said and not said & self.own_facets.get(refined.procedure_id, set()):
            return Resolution()
        return refined

    def _sibling(self, pid: str | None, previous: str | None) -> bool:
        """Another procedure about the same thing as the one discussed (marriage → marriage with a foreigner); a
        weak thing shared (a civil-status record: a marriage and a death) does not make them siblings."""
        kinds = self.lexicon.facets
        return bool(pid and previous and pid != previous and any(
            not kinds[o].weak for o in self.resolver.objects_of(pid) & self.resolver.objects_of(previous)))

    def _same_topic(self, facets: dict, previous: str) -> bool:
        """A follow-up that names only what the procedure discussed is about, with nothing done or no
        circumstance of its own ("bao lâu thì có sổ mới?" after an exchange of a land certificate)."""
        kinds = self.lexicon.facets
        things = self.resolver.objects_of(previous)
        return bool(things) and all(
            name in things if kinds[name].kind == "object" else kinds[name].default or kinds[name].weak
            for name in facets)

    def _cue_weights(self, scan) -> dict[str, float]:
        weights: dict[str, float] = {}
        asked_in = {scan.clause_of(h) for h in scan.hits if h.group == CUE and h.label in PROCEDURE_QUESTIONS}
        last = max(asked_in) if len(asked_in) > 1 else None
        told = told_cues(scan, self.lexicon)
        for hit in scan.hits:
            if hit.group == CUE and id(hit) not in told:
                weight = SINGLE_WORD_CUE if hit.words == 1 else min(hit.words, 3)
                if " ".join(scan.words[hit.start:hit.end]) in self.lexicon.weak_cues:
                    weight = WEAK_CUE
                if scan.clause_of(hit) == last and hit.label in PROCEDURE_QUESTIONS:
                    weight *= LAST_ASK  # "…xin ở đâu, cần gì?": the question asked last is the one to answer
                weights[hit.label] = weights.get(hit.label, 0) + weight
        # Of two questions weighing the same, the one said last is asked ("làm ở phường thì cần gì?": what to bring)
        final = [h for h in scan.hits if h.group == CUE and h.label in PROCEDURE_QUESTIONS and id(h) not in told]
        if final:
            weights[final[-1].label] += LAST_WORD
        if weights.get("ask_fee") and (weights.get("money_received", 0) >= weights["ask_fee"] or asks_amount_received(scan)):
            del weights["ask_fee"]  # "tiền thờ cúng … được bao nhiêu": the amount received, no fee (robot-asks13)
        # "lấy số chờ đến lượt": the turn a ticket is asked for; without a ticket asked, a question about the queue
        purpose = weights.pop("ticket_purpose", 0)
        if purpose and "take_ticket" not in weights:
            weights["queue_position"] = weights.get("queue_position", 0) + purpose
        return weights

    def _unknown_words(self, scan) -> list[str]:
        """Content words the vocabulary does not know — none at all when no word is known ("blah blah" is
        not a question about something else: the model's fallback answers it)."""
        unknown = [w for w in scan.uncovered() if w not in self.lexicon.stopwords and not w.isdigit() and len(w) > 1]
        return unknown if len(unknown) < len(scan.words) else []

