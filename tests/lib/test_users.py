from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from giaingan.lib.users import signed_in


def test_the_user_if_logged_in(people):
    assert signed_in(people["tckh"]) == people["tckh"]
    assert signed_in(AnonymousUser()) is None
    assert signed_in(None) is None
