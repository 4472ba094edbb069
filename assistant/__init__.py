"""The reception robot: the Rasa project, run in its own Python 3.10 venv (see docs/assistant.md). The robot's
touch page, served by the queue server under Python 3.11, is the separate package `robot_screen/`."""
