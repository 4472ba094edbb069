"""Vietnamese voice announcements for the wall displays.

    announcement = announcement_for("A-025", 3)          # text + cacheable segments
    path = Announcer(cache_dir).render(announcement)     # one WAV, from the cache only (keep the Announcer:
                                                         # its background fills and engine health)
    prefill_cache(VoiceConfig(prefixes="ABC", digits=3, counters=range(1, 9)), cache_dir)

See docs/voice.md.
"""

from .announcer import Announcer
from .chime import chime_path
from .numbers import (LETTERS_AS_WRITTEN, VIETNAMESE_LETTER_NAMES, NumberStyle, read_number,
                      read_ticket_number)
from .phrases import DEFAULT_TEMPLATE, Announcement, Segment, announcement_for
from .prefill import VoiceConfig, prefill_cache, segments_needed

__all__ = [
    "Announcement", "Announcer", "DEFAULT_TEMPLATE", "LETTERS_AS_WRITTEN", "NumberStyle", "Segment",
    "VIETNAMESE_LETTER_NAMES", "VoiceConfig", "announcement_for", "chime_path", "prefill_cache",
    "read_number", "read_ticket_number", "segments_needed",
]
