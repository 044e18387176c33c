"""Stakeholder accounts (django-allauth): sign up, sign in with an e-mail address, reset a
password, and a profile that fills in the next comment."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from consultation.models import StakeholderProfile
from consultation.stakeholders import comment_defaults_for
from tests.consultation.factories import confirmed_account, sector

PASSWORD = "a-Strong-pw-42"  # noqa: S105 (a test account)


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def link_in(message):
    """The path of the first link to this site in an e-mail."""
    return re.search(r"http://testserver(/\S+)", message.body).group(1)


@pytest.fixture
def stakeholder(db):
    return confirmed_account(
        "lerato", "lerato@example.org", PASSWORD, first_name="Lerato", last_name="Mokoena"
    )


# Signing up and signing in


def test_signing_up_signs_in_only_once_the_address_is_confirmed_from_its_email(
    client, db, django_user_model, mailoutbox
):
    response = client.post(
        reverse("account_signup"),
        {"email": "thabo@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert "We have sent an email to you for verification" in client.get(response.url).text
    user = django_user_model.objects.get(email="thabo@example.org")
    assert signed_in_user_id(client) is None  # verification is mandatory
    (message,) = mailoutbox
    assert message.to == ["thabo@example.org"]
    assert message.subject.startswith("[Policy consultation] ")
    # It names the platform and its address, not the sites framework's "example.com".
    assert "example.com" not in message.body
    assert "National Diaspora Policy consultation" in message.body
    assert "testserver" in message.body

    confirm_url = link_in(message)
    assert client.get(confirm_url).status_code == 200
    assert not EmailAddress.objects.get(user=user).verified  # opening the link changes nothing
    client.post(confirm_url)
    assert EmailAddress.objects.get(user=user, email="thabo@example.org").verified
    assert signed_in_user_id(client) == str(user.pk)


def test_an_unconfirmed_account_cannot_sign_in_and_gets_the_link_again(
    client, db, django_user_model, mailoutbox
):
    user = django_user_model.objects.create_user("neo", "neo@example.org", PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)

    response = client.post(
        reverse("account_login"), {"login": "neo@example.org", "password": PASSWORD}
    )

    assert response.url == reverse("account_email_verification_sent")
    assert signed_in_user_id(client) is None
    (message,) = mailoutbox
    client.post(link_in(message))
    assert signed_in_user_id(client) == str(user.pk)


def test_sign_up_errors_are_summed_up_at_the_top_of_the_form(client, db, django_user_model):
    response = client.post(
        reverse("account_signup"),
        {"email": "not-an-address", "password1": PASSWORD, "password2": "something-else"},
    )

    assert response.status_code == 200
    html = response.content.decode()
    summary = html.index('class="error-summary"')
    assert summary < html.index('name="email"')
    assert '<a href="#id_email">' in html
    assert '<label for="id_email">' in html and '<label for="id_password1">' in html
    assert not django_user_model.objects.exists()


def test_signing_in_with_an_email_address_returns_to_the_page_asked_for(client, stakeholder):
    response = client.post(
        reverse("account_login") + "?next=/consultation/profile/",
        {"login": "lerato@example.org", "password": PASSWORD},
    )

    assert response.status_code == 302
    assert response.url == "/consultation/profile/"
    assert signed_in_user_id(client) == str(stakeholder.pk)


def test_a_wrong_password_is_refused_with_a_clear_error(client, stakeholder):
    response = client.post(
        reverse("account_login"), {"login": "lerato@example.org", "password": "wrong"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    summary = html[html.index('class="error-summary"') :]
    assert "The email address and/or password you specified are not correct." in summary
    assert 'class="site-header"' in html  # allauth's pages are in the site's layout
    assert signed_in_user_id(client) is None


def test_password_reset_by_email_lets_the_stakeholder_choose_a_new_password(
    client, stakeholder, mailoutbox
):
    response = client.post(reverse("account_reset_password"), {"email": "lerato@example.org"})
    assert response.status_code == 302
    (message,) = mailoutbox
    assert message.to == ["lerato@example.org"]

    form_url = client.get(link_in(message)).url  # allauth moves the key out of the address
    response = client.post(
        form_url, {"password1": "new-Password-42", "password2": "new-Password-42"}
    )
    assert response.status_code == 302

    response = client.post(
        reverse("account_login"), {"login": "lerato@example.org", "password": PASSWORD}
    )
    assert signed_in_user_id(client) is None
    response = client.post(
        reverse("account_login"), {"login": "lerato@example.org", "password": "new-Password-42"}
    )
    assert response.status_code == 302
    assert signed_in_user_id(client) == str(stakeholder.pk)


def test_signing_out_goes_through_a_confirmation_page(client, stakeholder):
    client.force_login(stakeholder)

    assert (
        "Are you sure you want to sign out?"
        in client.get(reverse("account_logout")).content.decode()
    )
    client.post(reverse("account_logout"))
    assert signed_in_user_id(client) is None


# The profile


def test_the_profile_page_asks_to_sign_in_first(client, db):
    response = client.get(reverse("stakeholder_profile"))

    assert response.status_code == 302
    assert response.url == reverse("account_login") + "?next=/consultation/profile/"


def test_the_first_visit_to_the_profile_creates_an_empty_one(client, stakeholder):
    client.force_login(stakeholder)

    response = client.get(reverse("stakeholder_profile"))

    assert response.status_code == 200
    assert "lerato@example.org" in response.content.decode()
    assert "---------" not in response.content.decode()  # empty choices say "Not set"
    profile = StakeholderProfile.objects.get(user=stakeholder)
    assert (profile.display_name, profile.gender, profile.sector) == ("", "", None)


def test_saving_the_profile_stores_the_values_and_fills_in_comment_defaults(client, stakeholder):
    client.force_login(stakeholder)
    youth = sector("Youth organisation")

    response = client.post(
        reverse("stakeholder_profile"),
        {
            "display_name": "Lerato M.",
            "gender": "woman",
            "sector": youth.pk,
            "country": "ZA",
            "organisation": "Basotho Youth in Gauteng",
            "age_group": "under-25",
        },
        follow=True,
    )

    assert response.redirect_chain == [(reverse("stakeholder_profile"), 302)]
    assert "Your profile was saved" in response.content.decode()
    profile = StakeholderProfile.objects.get(user=stakeholder)
    assert (profile.display_name, profile.gender, profile.sector) == ("Lerato M.", "woman", youth)
    assert (str(profile.country), profile.organisation, profile.age_group) == (
        "ZA",
        "Basotho Youth in Gauteng",
        "under-25",
    )
    assert comment_defaults_for(stakeholder) == {
        "name": "Lerato M.",
        "email": "lerato@example.org",
        "gender": "woman",
        "sector": youth.pk,
        "country": "ZA",
        "organisation": "Basotho Youth in Gauteng",
        "age_group": "under-25",
    }


def test_a_profile_with_a_retired_sector_can_still_be_saved(client, stakeholder):
    retired = sector("Media")
    StakeholderProfile.objects.create(user=stakeholder, sector=retired)
    retired.is_active = False
    retired.save()
    client.force_login(stakeholder)

    response = client.post(
        reverse("stakeholder_profile"), {"sector": retired.pk, "display_name": "L."}
    )

    assert response.status_code == 302
    assert StakeholderProfile.objects.get(user=stakeholder).display_name == "L."


def test_the_profile_fills_in_the_comment_form(client, dual, stakeholder):
    youth = sector("Youth organisation")
    StakeholderProfile.objects.create(
        user=stakeholder,
        display_name="Lerato M.",
        gender="woman",
        sector=youth,
        country="ZA",
        organisation="Basotho Youth in Gauteng",
    )
    client.force_login(stakeholder)

    html = client.get(reverse("section_comment", args=[dual.pk])).content.decode()

    assert 'value="Lerato M."' in html
    assert re.search(r'<input[^>]*value="woman"[^>]*checked', html)
    assert re.search(rf'<option value="{youth.pk}" selected>', html)
    assert 'value="Basotho Youth in Gauteng"' in html


# comment_defaults_for


def test_comment_defaults_are_empty_for_anonymous_visitors():
    assert comment_defaults_for(AnonymousUser()) == {}


def test_comment_defaults_without_a_profile_are_the_name_and_address(stakeholder):
    assert comment_defaults_for(stakeholder) == {
        "name": "Lerato Mokoena",
        "email": "lerato@example.org",
    }


def test_comment_defaults_leave_out_what_the_profile_leaves_empty(stakeholder):
    StakeholderProfile.objects.create(user=stakeholder, country="LS")

    assert comment_defaults_for(stakeholder) == {
        "name": "Lerato Mokoena",  # no display name: the account's full name
        "email": "lerato@example.org",
        "country": "LS",
    }


# The header


def test_the_header_offers_to_sign_in_or_create_an_account(client, home):
    html = client.get(home.url).content.decode()

    assert f'href="{reverse("account_login")}?next=/"' in html
    assert f'href="{reverse("account_signup")}?next=/"' in html
    assert reverse("stakeholder_profile") not in html


def test_creating_an_account_from_a_page_comes_back_to_it(client, policy, mailoutbox):
    html = client.get(policy.url).content.decode()
    signup = f"{reverse('account_signup')}?next={policy.url}"
    assert f'href="{signup}"' in html

    client.post(
        signup, {"email": "thabo@example.org", "password1": PASSWORD, "password2": PASSWORD}
    )
    (message,) = mailoutbox
    response = client.post(link_in(message))  # confirmed in the browser that signed up
    assert response.status_code == 302
    assert response["Location"] == policy.url


def test_the_header_offers_the_profile_and_signing_out_when_signed_in(client, home, stakeholder):
    client.force_login(stakeholder)

    html = client.get(home.url).content.decode()

    assert f'href="{reverse("stakeholder_profile")}"' in html
    assert f'href="{reverse("account_logout")}"' in html
    assert "Sign out" in html and "Sign in" not in html


def test_on_account_pages_sign_in_does_not_come_back_to_them(client, db):
    html = client.get(reverse("account_signup")).content.decode()

    assert f'href="{reverse("account_login")}">Sign in</a>' in html
    assert f'href="{reverse("account_signup")}">Create an account</a>' in html
