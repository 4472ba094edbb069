"""Custom actions of the MotCua reception robot (served by `python -m actions`, __main__.py).

Modules: `text` (normalisation, procedure matching; no Rasa import), `language` (vi/en detection),
`queue_api` (the one client of the queue server's HTTP API), `messages` (reply wording, vi and en),
`turn` (what every action shares: the Turn and BaseAction), and the Rasa SDK actions by topic: `procedures`
(counter, documents, fee, time, overviews), `tickets` (take a ticket, queue position), `appointments`
(check-in with a booking code), `nearby` (another centre with a shorter wait), `conversation` (hours, greetings, a person, out of scope, the fallback). Nothing here does work at import time;
`python -m actions` (`__main__`) builds the reader's models, then serves.
"""
