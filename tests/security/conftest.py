import pytest

from tests.consultation.conftest import (  # noqa: F401 - shared fixtures
    dual,
    open_draft,
    reviewer,
    team_member,
)
from tests.consultation.factories import confirmed_account


@pytest.fixture
def stranger(db):
    """Anyone: sign-up is open, so a signed-in account is within every visitor's reach."""
    return confirmed_account("stranger", "stranger@example.org", "pw")


@pytest.fixture
def stranger_client(client, stranger):
    client.force_login(stranger)
    return client
