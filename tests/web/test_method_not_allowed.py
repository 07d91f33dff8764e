"""A page opened with a method it does not take (a bookmarked or retyped address of an
action, /dang-xuat/ typed in the address bar) answers a Vietnamese page, never a blank
one; the API keeps answering JSON."""

from __future__ import annotations

import lxml.html
import pytest
from django.urls import reverse


def text_of(response) -> str:
    tree = lxml.html.fromstring(response.content.decode())
    return " ".join(tree.text_content().split())


@pytest.mark.parametrize("login", [None, "tckh", "xa.tandoan"])
def test_logout_opened_by_address_explains_itself(client_for, login):
    response = client_for(login).get(reverse("logout"))
    assert response.status_code == 405
    assert response["Allow"] == "POST, OPTIONS"
    assert response["Content-Type"].startswith("text/html")
    text = text_of(response)
    assert "Không thực hiện được" in text
    assert "nút" in text  # tells what to do instead: use the page's button


def test_every_post_only_action_answers_in_vietnamese(client_for):
    client = client_for("tckh")
    for path in [
        reverse("notifications:read_all"),
        reverse("notifications:open", args=[1]),
        reverse("logout"),
    ]:
        response = client.get(path)
        assert response.status_code == 405, path
        assert "Không thực hiện được" in text_of(response), path


def test_the_api_keeps_its_json_answer(client_for):
    response = client_for("tckh").delete(reverse("api:figures"))
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")
