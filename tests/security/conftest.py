import pytest
from django.contrib.auth import get_user_model

from tests.consultation.conftest import (  # noqa: F401 - shared fixtures
    dual,
    open_draft,
    reviewer,
    team_member,
)


@pytest.fixture
def stranger(db):
    """Anyone: sign-up is open, so a signed-in account is within every visitor's reach."""
    return get_user_model().objects.create_user("stranger", "stranger@example.org", "pw")


@pytest.fixture
def stranger_client(client, stranger):
    client.force_login(stranger)
    return client
