"""What the public sees of the comments: names, sectors, countries and totals, never personal
details; and pages whose query count does not grow with the number of comments."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultation.enums import AgeGroup, Gender
from consultation.models import SectionComment
from tests.consultation.factories import SectionCommentFactory, sector


@pytest.fixture
def commented_draft(open_draft, dual):
    SectionCommentFactory(
        section=dual,
        user_name="Mpho",
        user_email="mpho.private@example.org",
        gender=Gender.ANOTHER,
        age_group=AgeGroup.UNDER_25,
        comment="Youth matter.",
    )
    SectionCommentFactory(
        section=dual,
        user_name="Secret Name",
        user_email="anon.private@example.org",
        public_identity="anonymous",
        gender=Gender.MAN,
        age_group=AgeGroup.OVER_60,
        comment="Speaking anonymously.",
    )
    return open_draft


def comment_blocks(html):
    return re.findall(r'<article class="comment".*?</article>', html, flags=re.S)


def test_public_pages_never_show_email_gender_or_age_of_commenters(client, commented_draft, dual):
    policy = commented_draft.get_parent()
    urls = [
        "/",
        policy.url,
        commented_draft.url,
        f"{policy.url}compare/",
        reverse("section_comment", args=[dual.pk]),
        reverse("what_we_heard", args=[commented_draft.pk]),
        reverse("comment_reply", args=[SectionComment.objects.first().pk]),
    ]
    for url in urls:
        html = client.get(url).content.decode()
        assert "private@example.org" not in html, url
        assert "Secret Name" not in html, url
        for block in comment_blocks(html):
            for label in [*Gender.labels, *AgeGroup.labels]:
                assert f">{label}<" not in block and f" {label} " not in block, (url, label)
    html = client.get(commented_draft.url).content.decode()
    assert "Mpho" in html and "Anonymous" in html
    assert "Diaspora association · South Africa" in html


def test_what_we_heard_matches_the_database_and_suppresses_small_cells(client, open_draft, dual):
    intro = open_draft.sections.get(key="intro")
    for n in range(6):
        SectionCommentFactory(section=dual, user_email=f"w{n}@example.org", gender=Gender.WOMAN)
    SectionCommentFactory(section=dual, user_email="w0@example.org", gender=Gender.WOMAN)
    for n in range(2):
        SectionCommentFactory(
            section=intro,
            user_email=f"m{n}@example.org",
            gender=Gender.MAN,
            sector=sector("Youth organisation"),
            country="GB",
        )
    SectionCommentFactory(section=dual, is_public=False)  # not published: not counted

    html = client.get(reverse("what_we_heard", args=[open_draft.pk])).content.decode()
    html = re.sub(r">\s+<", "><", html)
    assert '<span class="count">9</span> published comments' in html
    assert '<span class="count">8</span> people and organisations' in html
    by_gender = html[html.index("By gender") : html.index("By country")]
    # People only; the two men are hidden, and with them the smallest other group (nobody of
    # another gender), so that 8 - 6 - 0 does not give them away.
    assert '<th scope="row">Woman</th><td class="num">6</td></tr>' in by_gender
    assert '<th scope="row">Man</th><td class="num">not shown</td>' in by_gender
    assert '<th scope="row">Another gender</th><td class="num">not shown</td>' in by_gender
    assert '<th scope="row">Prefer not to say</th><td class="num">0</td>' in by_gender
    # Two countries: hiding the United Kingdom's two people means hiding South Africa's too.
    by_country = html[html.index("By country") : html.index("By section")]
    assert "United Kingdom" in by_country and ">2<" not in by_country and ">6<" not in by_country
    assert by_country.count('colspan="2">not shown</td>') == 2


@pytest.mark.parametrize("path", ["draft", "section"])
def test_page_queries_do_not_grow_with_the_number_of_comments(client, open_draft, dual, path):
    def queries_with(total):
        SectionComment.objects.all().delete()
        for n in range(total):
            parent = SectionCommentFactory(section=dual, comment=f"Comment {n}")
            if n % 5 == 0:
                SectionCommentFactory(section=dual, parent_id=parent.pk, comment=f"Reply {n}")
        url = open_draft.url if path == "draft" else reverse("section_comment", args=[dual.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries)

    assert queries_with(50) == queries_with(500)
