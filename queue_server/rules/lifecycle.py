"""Which status changes a ticket may make, and what each action records.

issued → called → (recalled) → serving → done; or no_show, transferred (back to waiting at another field or
counter, keeping its number), cancelled. A called or served visitor may be held (parked: fetching a missing
paper, say) while the counter serves others, then resumed. Anything else is refused with a clear reason.
"""

WAITING = ("issued", "transferred")

# action → (statuses it may start from, status it leads to)
TRANSITIONS = {
    "call": (WAITING + ("no_show",), "called"),
    "recall": (("called",), "called"),
    "start": (("called",), "serving"),
    "done": (("serving", "called"), "done"),
    "no_show": (("called",), "no_show"),
    "transfer": (WAITING + ("called", "serving", "held"), "transferred"),
    "cancel": (WAITING + ("called", "held"), "cancelled"),
    "hold": (("called", "serving"), "held"),
    "resume": (("held",), "serving"),
}

# The event each action records, in the past tense; Socket.IO events are "ticket_" + this.
EVENT_KIND = {
    "issue": "issued",
    "call": "called",
    "recall": "recalled",
    "start": "started",
    "done": "completed",
    "no_show": "marked_no_show",
    "transfer": "transferred",
    "cancel": "cancelled",
    "hold": "held",
    "resume": "resumed",
}

STATUS_WORDS = {
    "issued": "đang chờ",
    "transferred": "đã chuyển, đang chờ",
    "called": "đã được gọi",
    "serving": "đang được phục vụ",
    "done": "đã xong",
    "no_show": "vắng mặt khi gọi",
    "cancelled": "đã hủy",
    "held": "tạm dừng tại quầy, chờ quay lại",
}


class TransitionRefused(Exception):
    """The action is not allowed from the ticket's current status."""


def next_status(current: str, action: str) -> str:
    if action not in TRANSITIONS:
        raise TransitionRefused(f"unknown action {action!r}")
    allowed_from, target = TRANSITIONS[action]
    if current not in allowed_from:
        raise TransitionRefused(
            f"cannot {action.replace('_', ' ')} a ticket that is {current.replace('_', ' ')} "
            f"(allowed from: {', '.join(s.replace('_', ' ') for s in allowed_from)})")
    return target


def is_waiting(status: str) -> bool:
    return status in WAITING
