"""The front door: from the public page to the login form, and a visitor who opens a staff
page is asked to log in and brought back to it."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import User
from django.urls import URLPattern, URLResolver, get_resolver, reverse

LOGIN = reverse("login")
# Pages anyone may read without logging in.
PUBLIC_PREFIXES = (
    "/public/",
    LOGIN,
    "/admin/login/",
    "/admin/logout/",
    "/dang-xuat/",
    "/favicon.ico",
)
# The API answers a visitor 401 in JSON, never a redirect; its schema and documentation are
# public (tests/api).
API_PREFIX = "/api/"


def plain_paths(patterns=None, prefix: str = "") -> list[str]:
    """Every address of the project that takes no parameter (no <code>, no <int:pk>)."""
    found = []
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        route = str(pattern.pattern)
        if "<" in route or route.startswith("^"):
            continue
        if isinstance(pattern, URLResolver):
            found += plain_paths(pattern.url_patterns, prefix + route)
        elif isinstance(pattern, URLPattern):
            found.append("/" + prefix + route)
    return sorted(set(found))


def login_links(html: str) -> list[str]:
    """The targets of the links whose text speaks of logging in."""
    return [
        href
        for href, text in re.findall(r'<a[^>]*href="([^"]*)"[^>]*>(.*?)</a>', html, re.S)
        if "đăng nhập" in text.lower()
    ]


@pytest.mark.django_db
def test_the_public_page_links_to_the_login_form(client):
    public = client.get(reverse("public:home"))
    assert public.status_code == 200
    links = login_links(public.content.decode())
    assert links == [LOGIN]
    form = client.get(links[0])
    assert form.status_code == 200
    assert 'name="username"' in form.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["public:awards", "login"])
def test_every_login_link_leads_to_the_login_form(client, name):
    links = login_links(client.get(reverse(name)).content.decode())
    assert links, name
    assert set(links) == {LOGIN}


@pytest.mark.django_db
def test_an_unknown_address_offers_the_login_form_to_a_visitor(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert LOGIN in login_links(response.content.decode())


@pytest.mark.django_db
def test_a_visitor_opening_any_staff_page_lands_on_the_login_form_and_comes_back(client):
    staff_pages = [
        path for path in plain_paths() if not path.startswith((*PUBLIC_PREFIXES, API_PREFIX))
    ]
    assert "/du-an/" in staff_pages and "/imports/" in staff_pages
    for path in staff_pages:
        if path == "/":  # the home page of a visitor is the public page
            continue
        response = client.get(path)
        if response.status_code == 405:  # POST-only actions
            continue
        assert response.status_code == 302, path
        location = response["Location"]
        assert location.startswith(("/dang-nhap/?next=", "/admin/login/?next=")), (path, location)
        assert parse_qs(urlsplit(location).query)["next"] == [path], (path, location)


@pytest.mark.django_db
def test_a_visitor_refused_by_any_view_is_sent_to_log_in(rf):
    """The 403 handler itself: whichever view refuses, a visitor is asked to log in."""
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied

    from giaingan.web.access import permission_denied

    request = rf.get("/thi-dua/PT-2024/ho-so/?trang=2")
    request.user = AnonymousUser()
    response = permission_denied(request, PermissionDenied())
    assert response.status_code == 302
    assert parse_qs(urlsplit(response["Location"]).query)["next"] == [
        "/thi-dua/PT-2024/ho-so/?trang=2"
    ]


def test_a_logged_in_user_who_is_refused_sees_the_vietnamese_page(client_for):
    response = client_for("bqlda").get(reverse("imports:home"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "Không có quyền truy cập" in page
    assert 'href="/"' in page


def test_logging_in_from_the_form_returns_to_the_page_asked_for(client, people):
    asked = reverse("web:projects")
    form = client.get(asked, follow=True)
    assert form.redirect_chain[-1][0] == f"{LOGIN}?next=/du-an/"
    assert 'name="next" value="/du-an/"' in form.content.decode()
    done = client.post(
        f"{LOGIN}?next={asked}",
        {"username": "tckh", "password": "giaingan", "next": asked},
    )
    assert done.status_code == 302
    assert done["Location"] == asked


def test_a_user_with_no_role_is_told_so_and_offered_a_way_out_not_a_loop(client, district):
    client.force_login(User.objects.create_user("moi", password="giaingan"))
    response = client.get("/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "chưa được phân vai trò" in page
    # Never a link back to "/", which would refuse them again.
    assert 'href="/"' not in page
    assert reverse("public:home") in page
    assert f'action="{reverse("logout")}"' in page


@pytest.mark.django_db
def test_the_browsers_favicon_request_finds_the_apps_icon(client):
    answer = client.get("/favicon.ico")
    assert answer.status_code == 301
    assert answer["Location"] == "/static/giaingan/favicon.svg"
    for page in (reverse("public:home"), LOGIN):
        assert 'rel="icon"' in client.get(page).content.decode()
