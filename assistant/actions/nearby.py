"""'Chỗ nào gần đây làm nhanh hơn?' (issue 17, the nearest short queue): up to two nearby open centres of the
city that serve the same procedure with a shorter wait than here, from GET /api/v1/centres — the kiosk's own
estimate for a ticket issued now, nearest first from this centre's coordinates.

This centre is the one the relay names (queue_api.use_centre), else the city's first (a single centre: its
one). The procedure is the one the message names, else the one discussed; without one the robot gives the
centres' general waits and asks which procedure, with buttons."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from rasa_sdk.events import SlotSet

from . import queue_api
from .messages import name_of, t
from .queue_api import ApiError
from .turn import BaseAction, Turn, reads

SHOWN = 2  # centres named at most (the /gan-day page lists them all)
MAX_KM = 10.0  # "nearby", as on the kiosk (kiosk-nearby.js)
_WARD = {"vi": re.compile(r"\b((?:phường|xã|thị trấn|đặc khu)\s.+)$", re.IGNORECASE),
         "en": re.compile(r"^(.+?\b(?:Ward|Commune|Town|Special Zone))\b")}
_PLACE_PART = re.compile(r"^(phường|xã|thị trấn|đặc khu|quận|huyện|ward|commune)\b", re.IGNORECASE)


@dataclass
class Nearby:
    """What the robot knows to answer: this centre's entry, the quicker ones nearby, and how many centres
    the system has (one: a single-centre deployment)."""

    here: dict | None  # None: this centre does not issue tickets for the procedure
    quicker: list[dict] = field(default_factory=list)
    centres: int = 1


def look_up(api: queue_api.QueueApi, procedure_id: str | None) -> Nearby:
    """This centre's place from the list, then the list again from it, serving the procedure (if any)."""
    everyone = api.centres()
    here = next((c for c in everyone if c.get("id") == api.centre), everyone[0] if everyone else None)
    if here is None or len(everyone) == 1:
        return Nearby(_serving(api, here, procedure_id), [], len(everyone))
    position = (here["lat"], here["lon"]) if here.get("lat") is not None and here.get("lon") is not None else None
    try:
        listed = api.centres(procedure_id, position)
    except ApiError as exc:  # a procedure no centre of the city knows
        if exc.status != 404:
            raise
        listed = []
    mine = next((c for c in listed if c.get("id") == here["id"]), None)
    return Nearby(mine, quicker_than(mine, listed, here["id"]), len(everyone))


def _serving(api: queue_api.QueueApi, here: dict | None, procedure_id: str | None) -> dict | None:
    """A single centre's entry for the procedure (None when it does not issue tickets for it)."""
    if here is None or procedure_id is None:
        return here
    try:
        return next((c for c in api.centres(procedure_id) if c.get("id") == here.get("id")), None)
    except ApiError:
        return None


def quicker_than(here: dict | None, listed: list[dict], here_id: str) -> list[dict]:
    """Open centres, other than this one, within MAX_KM (or unplaced), with a wait estimate shorter than here's
    (any estimate, when here has none: no desk serving it is staffed), nearest first (else the shortest wait)."""
    wait = None if here is None else here.get("eta_minutes")
    others = [c for c in listed if c.get("id") != here_id and c.get("open_now") and c.get("eta_minutes") is not None
              and (wait is None or c["eta_minutes"] < wait)
              and (c.get("distance_km") is None or c["distance_km"] <= MAX_KM)]
    if not any(c.get("distance_km") is not None for c in others):
        others.sort(key=lambda c: c["eta_minutes"])
    return others[:SHOWN]


def place_of(centre: dict, lang: str) -> str:
    """"Phường Cửa Nam (12 Lý Thường Kiệt)": the ward the centre serves (else its name) and its street."""
    name = (centre.get("name_en") if lang == "en" else None) or centre.get("name") or ""
    ward = _WARD[lang].search(name) or _WARD["vi"].search(name)
    place = ward.group(1) if ward else name
    parts = [p.strip() for p in (centre.get("address") or "").split(",") if p.strip()]
    street = ", ".join(p for p in (parts[:-1] if len(parts) > 1 else parts) if not _PLACE_PART.match(p))
    place = place[:1].upper() + place[1:]
    return f"{place} ({street})" if street else place


def km_text(km: float, lang: str) -> str:
    text = f"{km:.1f}"
    return text.replace(".", ",") if lang == "vi" else text


def minutes_text(minutes: int | None, lang: str) -> str:
    if minutes is None:
        return t("near_wait_unstaffed", lang)
    return t("near_no_wait", lang) if minutes <= 0 else t("near_wait", lang, minutes=minutes)


def page_url() -> str:
    """The public /gan-day page (MOTCUA_PUBLIC_URL, as on the tickets' QR codes; else the path alone)."""
    return (os.environ.get("MOTCUA_PUBLIC_URL") or "").rstrip("/") + "/gan-day"


def centre_lines(centres: list[dict], lang: str) -> str:
    lines = []
    for c in centres:
        away = t("near_away", lang, km=km_text(c["distance_km"], lang)) if c.get("distance_km") is not None else ""
        lines.append(f"– {place_of(c, lang)}: {away}{minutes_text(c.get('eta_minutes'), lang)}")
    return "\n".join(lines)


@reads("ask_nearby")
class ActionAskNearby(BaseAction):
    intent = "ask_nearby"

    def respond(self, turn: Turn) -> None:
        pid, candidates = turn.resolve()
        if pid is None and candidates:
            turn.say(t("which_of", turn.lang), buttons=turn.procedure_buttons(candidates, self.intent),
                     choices=turn.choices(candidates))
            return
        proc = turn.procedure(pid)
        if proc is not None:
            turn.events.append(SlotSet("procedure", pid))
            if proc.get("redirect"):
                turn.redirect(proc)
                return
        found = look_up(queue_api.default_api(), pid if proc else None)
        if proc is None:
            self.general(turn, found)
        else:
            self.about(turn, found, proc)

    def about(self, turn: Turn, found: Nearby, proc: dict) -> None:
        lang, name = turn.lang, name_of(proc, turn.lang)
        ticket = [turn.button(t("b_ticket", lang), "take_ticket", procedure=proc["id"])]
        more = t("near_more", lang, url=page_url())
        if found.centres <= 1:
            text = t("near_single", lang) + (t("near_here_wait", lang, name=name, wait=minutes_text(found.here.get("eta_minutes"), lang),
                                                 waiting=found.here.get("waiting", 0)) if found.here else t("near_not_here", lang, name=name))
            turn.say(text, procedure_id=proc["id"], buttons=ticket if found.here else [])
            return
        here = (t("near_here", lang, name=name, wait=minutes_text(found.here.get("eta_minutes"), lang))
                if found.here else t("near_not_here", lang, name=name))
        if found.quicker:
            text = here + t("near_quicker" if found.here else "near_elsewhere", lang) + "\n" + centre_lines(found.quicker, lang) + "\n" + more
        elif found.here:
            text = here + t("near_quickest", lang) + " " + more
        else:
            text = here + t("near_none", lang) + " " + more
        turn.say(text, procedure_id=proc["id"], buttons=ticket if found.here else [])

    def general(self, turn: Turn, found: Nearby) -> None:
        """No procedure: the centres' whole waits (the longest of their fields), and which procedure?"""
        lang = turn.lang
        if found.centres <= 1:
            waiting = (found.here or {}).get("waiting", 0)
            turn.say(t("near_single", lang) + t("near_here_all", lang, waiting=waiting), procedure_id=None)
            return
        here = t("near_here_general", lang, wait=minutes_text((found.here or {}).get("eta_minutes"), lang))
        listed = (t("near_quicker_general", lang) + "\n" + centre_lines(found.quicker, lang) + "\n") if found.quicker else ""
        text = here + listed + t("near_which", lang) + " " + t("near_more", lang, url=page_url())
        turn.say(text, procedure_id=None, buttons=turn.procedure_buttons(turn.popular(), self.intent))
