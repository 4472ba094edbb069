"""What every service needs, built once in the app factory and passed down: config, database, clock."""

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable

from queue_server.centre_config import CentreConfig
from queue_server.db import Database


def system_clock() -> datetime:
    return datetime.now(timezone.utc)


@dataclass
class Centre:
    config: CentreConfig
    db: Database
    clock: Callable[[], datetime] = system_clock

    def now(self) -> datetime:
        return self.clock()
