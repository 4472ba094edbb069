"""Custom actions of the MotCua reception robot (run by `rasa run actions`).

Modules: `text` (normalisation, procedure matching; no Rasa import), `language` (vi/en detection),
`queue_api` (the one client of the queue server's HTTP API), `messages` (reply wording, vi and en),
`actions` (the Rasa SDK action classes). Nothing here does work at import time.
"""
