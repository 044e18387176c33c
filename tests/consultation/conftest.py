import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from consultation.enums import Gender
from policy_docs.enums import DraftStatus
from tests.consultation.factories import SectionCommentFactory, sector
from tests.policy_docs.factories import DraftPageFactory, section


@pytest.fixture
def open_draft(policy):
    return DraftPageFactory(
        parent=policy,
        title="Draft 2",
        slug="draft-2",
        open_for_comments=True,
        sections=[
            section("Introduction", level=1, key="intro"),
            section("Dual citizenship", key="dual", text="Basotho may hold two nationalities."),
            section("Remittances", key="remittances"),
        ],
    )


@pytest.fixture
def dual(open_draft):
    return open_draft.sections.get(key="dual")


@pytest.fixture
def closed_draft(policy):
    return DraftPageFactory(
        parent=policy,
        title="Draft 1",
        slug="draft-1",
        status=DraftStatus.CLOSED,
        opens_at=timezone.make_aware(datetime.datetime(2024, 2, 1, 8, 0)),
        closes_at=timezone.make_aware(datetime.datetime(2024, 3, 15, 17, 0)),
        sections=[section("Introduction", level=1, key="intro")],
    )


@pytest.fixture
def team_member(django_user_model):
    """A user in one of the team roles created by the migrations."""

    def team_member(role: str, username: str):
        user = django_user_model.objects.create_user(username, f"{username}@example.org", "pw")
        user.groups.add(Group.objects.get(name=role))
        return user

    return team_member


@pytest.fixture
def reviewer(team_member):
    return team_member("Policy drafters", "reviewer")


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


@pytest.fixture
def feedback(open_draft):
    dual = open_draft.sections.get(key="dual")
    remittances = open_draft.sections.get(key="remittances")
    return {
        "dual": SectionCommentFactory(
            section=dual,
            comment="Name the children born abroad.",
            user_name="Palesa Mokoena",
            user_email="palesa@example.org",
            gender=Gender.WOMAN,
            proposed_wording="Children of Basotho born abroad are citizens.",
            quoted_passage="two nationalities",
        ),
        "association": SectionCommentFactory(
            section=remittances,
            comment="Fees are too high.",
            user_name="Karabo Motsamai",
            user_email="karabo@example.org",
            gender=Gender.MAN,
            organisation="Basotho Diaspora Association UK",
            on_behalf_of_organisation=True,
            sector=sector("Diaspora association"),
            country="GB",
        ),
        "pending": SectionCommentFactory(
            section=remittances, comment="Awaiting moderation.", is_public=False
        ),
    }
