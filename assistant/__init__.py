"""The reception robot: the Rasa project (run in its own Python 3.10 venv, see docs/assistant.md) and
`assistant.screen`, the robot's touch page served by the queue server (never imports rasa)."""
