import pytest
from queue_server.context import centre_of


@pytest.fixture
def tokens_for():
    """A kiosk-1 bearer header for any app built in the test."""
    from queue_server.services import access

    def make(app, role="kiosk", name="kiosk-1"):
        return {"Authorization": "Bearer " + access.create_token(centre_of(app), role, name)}

    return make


@pytest.fixture
def desks(centre):
    """desks(n) → headers of a staff token that holds (staffs) counter n: tests_support.Desks."""
    from tests_support import Desks
    return Desks(centre)
