"""The action server: `python -m actions --actions actions -p PORT` (from assistant/), what `rasa run actions`
does, but with the reader's lexicon and models built first (turn.warm_up, seconds): the server's /health
answers only then, and the first visitor's answer comes within the relay's timeout."""

from rasa_sdk.__main__ import main_from_args
from rasa_sdk.endpoint import create_argument_parser

from .turn import warm_up


def main() -> None:
    args = create_argument_parser().parse_args()
    warm_up()
    main_from_args(args)


if __name__ == "__main__":
    main()
