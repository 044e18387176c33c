"""Ids typed by a visitor that Python's str.isdigit() accepts but no database does ("²", "٣",
digits beyond a 64-bit integer): a clear answer, never a server error."""

import pytest

from tests.consultation.comment_forms import post_comment

ODD_IDS = ["²", "¹²", "٣", "99999999999999999999999", "-1", "1e3", " 7"]


@pytest.mark.parametrize("value", ODD_IDS)
def test_compare_with_an_odd_draft_id_says_there_is_no_such_draft(client, open_draft, value):
    response = client.get(f"{open_draft.policy.url}compare/", {"from": "draft-2", "to": value})
    assert response.status_code in {400, 404}


@pytest.mark.parametrize("field", ["object_pk", "reply_to"])
@pytest.mark.parametrize("value", ODD_IDS)
def test_a_comment_with_an_odd_target_id_is_refused_as_altered(client, dual, field, value):
    response = post_comment(client, dual, **{field: value})
    assert response.status_code == 400
    assert "altered" in response.content.decode()
