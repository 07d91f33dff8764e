"""The admin shows the movement's records; the pipeline's own records cannot be changed there."""

from __future__ import annotations

import pytest

PAGES = [
    "movement",
    "unitrestriction",
    "evidence",
    "proposal",
    "nomination",
    "councilsession",
    "objection",
    "awarddecision",
    "award",
]
READ_ONLY = [
    "evidence",
    "proposal",
    "nomination",
    "councilsession",
    "objection",
    "awarddecision",
    "award",
]


@pytest.mark.parametrize("model", PAGES)
def test_each_list_opens_for_the_administrator(client_for, posted, model):
    assert client_for("admin").get(f"/admin/emulation/{model}/").status_code == 200


@pytest.mark.parametrize("model", READ_ONLY)
def test_pipeline_records_cannot_be_added_in_the_admin(client_for, people, model):
    assert client_for("admin").get(f"/admin/emulation/{model}/add/").status_code == 403


def test_a_dossier_opens_read_only(client_for, posted):
    dossier = posted.proposal.nominations.first()
    page = client_for("admin").get(f"/admin/emulation/nomination/{dossier.pk}/change/")
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
