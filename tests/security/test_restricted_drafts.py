"""A draft under a Wagtail view restriction (a password, signed-in users only, some groups
only), on the draft or on its policy, shows nothing of itself at any public address of the
project: not its text, its title, its comments or its submissions, to an anonymous visitor or
to a signed-in one outside the group. Every URL pattern outside /admin/ is walked: a new one
makes this test fail until FILLERS says how to fill it with the draft's ids. A visitor who
passes the restriction sees the pages."""

import io
import re
import zipfile
from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLResolver, get_resolver, path, reverse
from wagtail.models import PageViewRestriction

from consultation import urls as consultation_urls
from consultation.enums import Decision, ReviewStatus
from consultation.forms.comments import SectionCommentForm
from consultation.models import SectionComment, Sector
from consultation.review.feedback import feedback_respond
from consultation.review.publication import draft_publish_responses
from policy_docs.enums import DraftStatus, SectionLevel
from tests.consultation.comment_forms import post_comment
from tests.consultation.factories import (
    SectionCommentFactory,
    WrittenSubmissionFactory,
    confirmed_account,
)
from tests.policy_docs.factories import DraftPageFactory, PolicyPageFactory, section

PASSWORD = "kappa-pass"  # noqa: S105 - a test restriction's password
# Words that appear only in the restricted drafts, their comments and submissions.
SECRETS = [
    "Kappa confidential revision",  # the open draft's title
    "Kappa adopted text",  # the adopted draft's title
    "Zetaheading",  # a section heading
    "Omegawording",  # section text
    "Sigmaremark",  # an approved comment
    "Rhoreply",  # a reply
    "Taupending",  # a comment waiting for its e-mail confirmation
    "Tauletter",  # a written submission
]


@dataclass
class Scene:
    kind: str
    target: str
    policy: object
    other_policy: object
    public_draft: object
    open_draft: object
    adopted_draft: object
    section: object
    comment: object
    reply: object
    submission: object
    restrictions: list = field(default_factory=list)
    confirm_path: str = ""
    mute_path: str = ""
    member: object = None
    outsider: object = None
    group: object = None


def _links(body: str) -> list[str]:
    return re.findall(r"http://testserver(/\S+)", body)


def intro():
    return section("Introduction", level=SectionLevel.CHAPTER, key="intro")


@pytest.fixture(params=["password", "login", "groups"])
def kind(request):
    return request.param


@pytest.fixture(params=["draft", "policy"])
def target(request):
    return request.param


@pytest.fixture
def scene(
    search_index,
    kind,
    target,
    policy,
    client,
    django_user_model,
    settings,
    mailoutbox,
    drafter,
    django_capture_on_commit_callbacks,
):
    settings.MODERATION_MODE = "post"
    outsider = confirmed_account("outsider", "outsider@example.org", "pw")
    member = confirmed_account("member", "member@example.org", "pw")
    group = Group.objects.create(name="Drafting circle")
    member.groups.add(group)

    public_draft = DraftPageFactory(
        parent=policy,
        title="Draft 1",
        slug="draft-1",
        status=DraftStatus.CLOSED,
        sections=[intro(), section("Dual citizenship", key="dual", text="Public wording.")],
    )
    adopted_draft = DraftPageFactory(
        parent=policy,
        title="Kappa adopted text",
        slug="adopted-k",
        status=DraftStatus.ADOPTED,
        sections=[
            intro(),
            section("Zetaheading adopted", key="dual", text="Omegawording adopted."),
        ],
    )
    open_draft = DraftPageFactory(
        parent=policy,
        title="Kappa confidential revision",
        slug="draft-k",
        open_for_comments=True,
        sections=[
            intro(),
            section("Zetaheading", key="dual", text="Omegawording in the open draft."),
        ],
    )
    secret_section = open_draft.sections.get(key="dual")
    comment = SectionCommentFactory(
        section=secret_section, comment="Sigmaremark", user_email="follower@example.org"
    )
    comment.followup = True
    comment.save()
    # A reply through the form (signed in): the follower gets an e-mail with a "stop" link.
    client.force_login(outsider)
    post_comment(client, secret_section, reply_to_comment=comment, comment="Rhoreply")
    reply = SectionComment.objects.get(comment="Rhoreply")
    mute_path = next(link for m in mailoutbox for link in _links(m.body) if "/mute/" in link)
    client.logout()
    # An anonymous comment waiting for its confirmation link.
    mailoutbox.clear()
    post_comment(client, secret_section, comment="Taupending", email="pending@example.org")
    confirm_path = next(link for link in _links(mailoutbox[-1].body) if "/confirm/" in link)
    client.cookies.clear()

    submission = WrittenSubmissionFactory(
        draft=open_draft, user=outsider, text="Tauletter", is_public=True
    )
    submission.attachment.save("tauletter.pdf", ContentFile(b"%PDF-1.4 Tauletter"), save=False)
    submission.attachment_is_public = True
    submission.save()

    # A public comment on the public draft, answered with a pointer to the restricted section.
    public_comment = SectionCommentFactory(
        section=public_draft.sections.get(key="dual"), comment="A public remark."
    )
    feedback_respond(
        item=public_comment.feedback,
        user=drafter,
        status=ReviewStatus.ANSWERED,
        decision=Decision.ACCEPTED,
        response="The link is not public.",
        themes=[],
        addressed_in=secret_section,
    )
    draft_publish_responses(draft=public_draft, user=drafter)

    other_policy = PolicyPageFactory(parent=policy.get_parent(), title="Other policy", slug="other")
    for number in (1, 2):
        DraftPageFactory(parent=other_policy, title=f"Other draft {number}", slug=f"o-{number}")

    restricted = [open_draft, adopted_draft] if target == "draft" else [policy]
    # The restriction's purge runs once its transaction commits, as in production: the
    # section page the anonymous comment above came from is kept in the page cache until then.
    with django_capture_on_commit_callbacks(execute=True):
        restrictions = _restrict(restricted, kind, group)
    return Scene(
        kind=kind,
        target=target,
        policy=policy,
        other_policy=other_policy,
        public_draft=public_draft,
        open_draft=open_draft,
        adopted_draft=adopted_draft,
        section=secret_section,
        comment=comment,
        reply=reply,
        submission=submission,
        restrictions=restrictions,
        confirm_path=confirm_path,
        mute_path=mute_path,
        member=member,
        outsider=outsider,
        group=group,
    )


def _restrict(pages, kind, group):
    restrictions = []
    for page in pages:
        restriction = PageViewRestriction.objects.create(
            page=page,
            restriction_type={
                "password": PageViewRestriction.PASSWORD,
                "login": PageViewRestriction.LOGIN,
                "groups": PageViewRestriction.GROUPS,
            }[kind],
            password=PASSWORD if kind == "password" else "",
        )
        if kind == "groups":
            restriction.groups.add(group)
        restrictions.append(restriction)
    return restrictions


@dataclass
class Call:
    method: str
    path: str
    data: dict | None = None


def _get(*paths):
    return [Call("GET", path) for path in paths]


def _comment_post(scene, reply_to=0):
    """The comment form's fields for the restricted section, as the page would render them."""
    form = SectionCommentForm(scene.section)
    return {
        **form.initial,
        **form.generate_security_data(),
        "reply_to": str(reply_to),
        "name": "Visitor",
        "email": "visitor@example.org",
        "comment": "Let me in.",
        "gender": "woman",
        "sector": str(Sector.objects.first().pk),
        "country": "ZA",
        "public_identity": "named",
        "consent": "on",
    }


def _page_paths(scene):
    policy, other = scene.policy.url, scene.other_policy.url
    drafts = (scene.open_draft, scene.adopted_draft)
    return [
        "/",
        policy,
        *(draft.url for draft in drafts),
        f"{policy}adopted/",
        f"{policy}compare/",
        f"{policy}feed/",
        f"{policy}compare/?from=draft-1&to=draft-k",
        f"{policy}compare/?from=draft-1&to=adopted-k",
        f"{policy}compare/?to=draft-k",
        f"{policy}compare/?from={scene.open_draft.pk}&to={scene.public_draft.pk}",
        f"{other}compare/?from=o-1&to={scene.open_draft.pk}",
        f"{other}compare/?from=o-1&to={scene.adopted_draft.pk}",
        scene.public_draft.url,  # "Addressed in" must not name the restricted section
        f"{scene.public_draft.url}?to={scene.open_draft.pk}",
    ]


def _search_paths(scene):
    # In lower case: the page repeats the query; a hit would show the text as written.
    queries = ["omegawording", "sigmaremark", "rhoreply", "zetaheading", "kappa"]
    paths = [f"/search/?q={q}" for q in queries]
    paths += [f"/search/?q={q}&older=on" for q in queries]
    paths += [f"/search/?q=omegawording&draft={d.pk}" for d in (scene.open_draft,)]
    paths += ["/search/?q=omegawording&kind=policy_text", "/search/?q=sigmaremark&kind=comments"]
    return paths


def _no_args(name):
    return lambda scene: _get(reverse(name))


# How each URL pattern outside /admin/ is filled with the restricted draft's ids. A pattern
# that takes no draft (its own arguments are unrelated: a document, an account key) maps to
# a reason string and is requested without draft ids where it needs none.
FILLERS = {
    "wagtail_serve": lambda s: _get(*_page_paths(s)),
    "section_comment": lambda s: _get(
        reverse("section_comment", args=[s.section.pk]),
        reverse("section_comment", args=[s.section.pk]) + "?page=2",
        # A public comment's answer: "Addressed in" must not name the restricted section.
        reverse("section_comment", args=[s.public_draft.sections.get(key="dual").pk]),
    ),
    "comment_reply": lambda s: _get(
        reverse("comment_reply", args=[s.comment.pk]),
        reverse("comment_reply", args=[s.reply.pk]),
    ),
    "comments-post-comment": lambda s: [
        Call("POST", reverse("comments-post-comment"), _comment_post(s)),
        Call("POST", reverse("comments-post-comment"), _comment_post(s, reply_to=s.comment.pk)),
    ],
    "submission_form": lambda s: [
        *_get(*(reverse("submission_form", args=[d.pk]) for d in (s.open_draft, s.adopted_draft))),
        Call("POST", reverse("submission_form", args=[s.open_draft.pk]), {"text": "x"}),
    ],
    "submission_done": lambda s: _get(reverse("submission_done", args=[s.submission.pk])),
    "submission_attachment": lambda s: _get(
        reverse("submission_attachment", args=[s.submission.pk])
    ),
    "what_we_heard": lambda s: _get(
        *(reverse("what_we_heard", args=[d.pk]) for d in (s.open_draft, s.adopted_draft))
    ),
    "draft_download": lambda s: _get(
        *(
            reverse("policy_docs:draft_download", args=[d.pk])
            for d in (s.open_draft, s.adopted_draft)
        )
    ),
    "search": lambda s: _get(*_search_paths(s)),
    "comments-xtd-sent": lambda s: _get(
        *(f"{reverse('comments-xtd-sent')}?c={c.pk}" for c in (s.comment, s.reply))
    ),
    "comments-xtd-confirm": lambda s: _get(s.confirm_path),
    "comments-xtd-mute": lambda s: [*_get(s.mute_path), Call("POST", s.mute_path, {})],
    "comments-flag": lambda s: _get(
        *(reverse("comments-flag", args=[c.pk]) for c in (s.comment, s.reply))
    ),
    "comments-flag-done": lambda s: _get(f"{reverse('comments-flag-done')}?c={s.comment.pk}"),
    "wagtailcore_authenticate_with_password": lambda s: _get(
        *(
            reverse("wagtailcore_authenticate_with_password", args=[r.pk, page.pk])
            for r in s.restrictions
            for page in (s.open_draft, s.adopted_draft, s.policy)
        )
    ),
    "stakeholder_profile": _no_args("stakeholder_profile"),
    "privacy_notice": _no_args("privacy_notice"),
    "wagtailcore_login": _no_args("wagtailcore_login"),
    "set_language": lambda s: [Call("POST", reverse("set_language"), {"language": "st"})],
    # Documents are not drafts (Wagtail restricts them by collection).
    "wagtaildocs_serve": "a Wagtail document, not a draft",
    "wagtaildocs_authenticate_with_password": "a document collection's password, not a draft",
    # Accounts (allauth): nothing of a draft.
    **{
        name: _no_args(name)
        for name in (
            "account_login",
            "account_logout",
            "account_inactive",
            "account_signup",
            "account_reauthenticate",
            "account_request_reauthentication_code",
            "account_confirm_reauthentication_code",
            "account_email",
            "account_email_verification_sent",
            "account_change_password",
            "account_set_password",
            "account_reset_password",
            "account_confirm_login_code",
            "account_reset_password_from_key_done",
            "account_reset_password_done",
        )
    },
    "account_confirm_email": "an account's e-mail key, not a draft",
    "account_reset_password_from_key": "an account's password key, not a draft",
}


def public_url_patterns():
    """(route, name) of every URL pattern outside /admin/."""

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern), pattern.name

    return [(r, n) for r, n in walk(get_resolver().url_patterns) if not r.startswith("admin/")]


def unknown_patterns() -> list[str]:
    return sorted(
        {f"{name} ({route})" for route, name in public_url_patterns() if name not in FILLERS}
    )


def test_every_public_url_pattern_is_known_to_this_test():
    assert not unknown_patterns(), (
        "New URL patterns: say in FILLERS (tests/security/test_restricted_drafts.py) how to "
        f"fill them with a restricted draft's ids, or why they show no draft: {unknown_patterns()}"
    )


# The project's URLs and one more, as a route added later would be.
urlpatterns = [
    path("drafts/<int:draft_id>/summary/", lambda request, draft_id: None, name="new_summary"),
    *consultation_urls.urlpatterns,
]


def test_a_new_url_pattern_is_reported_until_this_test_knows_it(settings):
    settings.ROOT_URLCONF = __name__
    assert unknown_patterns() == ["new_summary (drafts/<int:draft_id>/summary/)"]


def _text(response) -> str:
    """Everything a response shows: headers, body, and the text inside a Word file."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    parts = [str(dict(response.headers)), body.decode("utf-8", "replace")]
    if body.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(body)) as package:
            parts += [package.read(name).decode("utf-8", "replace") for name in package.namelist()]
    return "\n".join(parts)


def _shown(client, call: Call) -> str:
    """The text of the response and of every redirect it leads to on this site."""
    if call.method == "GET":
        response = client.get(call.path)
    else:
        response = client.post(call.path, call.data)
    shown = [_text(response)]
    for _hop in range(5):
        location = response.get("Location", "")
        if response.status_code not in (301, 302) or not location.startswith("/"):
            break
        response = client.get(location)
        shown.append(_text(response))
    return "\n".join(shown)


def _calls(scene):
    calls = []
    for _route, name in public_url_patterns():
        filler = FILLERS[name]
        if callable(filler):
            calls += filler(scene)
    # The same pattern may be listed twice (Wagtail's password view, wrapped by ours).
    return list({(c.method, c.path): c for c in calls}.values())


def _visitors(scene, django_user_model):
    yield "anonymous", None
    if scene.kind in ("password", "groups"):
        yield "signed in, outside the group", scene.outsider


def test_a_restricted_draft_shows_nothing_at_any_public_address(scene, client, django_user_model):
    stored = SectionComment.objects.count()
    # A visitor who passes the restriction reads every page first: what is kept for them (a
    # section's comments are kept for everyone who sees the same pages) is not shown to others.
    insider = Client()
    _pass_the_restriction(scene, insider)
    for call in _calls(scene):
        if call.method == "GET":
            insider.get(call.path)
    for who, user in _visitors(scene, django_user_model):
        client.logout()
        if user is not None:
            client.force_login(user)
        for call in _calls(scene):
            shown = _shown(client, call)
            leaked = [secret for secret in SECRETS if secret in shown]
            assert not leaked, f"{who}, {call.method} {call.path} shows {leaked}"
    # Nothing was stored by the refused posts and confirmation.
    assert SectionComment.objects.count() == stored


def _pass_the_restriction(scene, client):
    if scene.kind == "password":
        for restriction in scene.restrictions:
            url = reverse(
                "wagtailcore_authenticate_with_password",
                args=[restriction.pk, scene.open_draft.pk],
            )
            response = client.post(url, {"password": PASSWORD, "return_url": "/"})
            assert response.status_code == 302
    else:
        client.force_login(scene.member if scene.kind == "groups" else scene.outsider)


def test_a_visitor_who_passes_the_restriction_sees_the_draft(scene, client):
    _pass_the_restriction(scene, client)
    policy = scene.policy.url
    expectations = {
        scene.open_draft.url: ["Omegawording in the open draft", "Sigmaremark", "Rhoreply"],
        policy: ["Kappa confidential revision", "Kappa adopted text"],
        f"{policy}adopted/": ["Omegawording adopted"],
        f"{policy}compare/?from=draft-1&to=draft-k": ["Omegawording"],
        reverse("section_comment", args=[scene.section.pk]): ["Sigmaremark", "Rhoreply"],
        reverse("comment_reply", args=[scene.comment.pk]): ["Sigmaremark"],
        reverse("what_we_heard", args=[scene.open_draft.pk]): ["Kappa confidential revision"],
        "/search/?q=Omegawording": ["Omegawording"],
        "/search/?q=Sigmaremark": ["Sigmaremark"],
        scene.public_draft.url: ["Zetaheading"],  # "Addressed in" the restricted section
        reverse("policy_docs:draft_download", args=[scene.open_draft.pk]): ["Omegawording"],
    }
    for address, words in expectations.items():
        response = client.get(address)
        assert response.status_code == 200, address
        shown = _text(response)
        for word in words:
            assert word in shown, f"{address} lacks {word}"
