"""Every page carries the security headers and a Content Security Policy without inline code."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings


def policy(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    directives = [part.strip().split() for part in header.split(";") if part.strip()]
    return {name: values for name, *values in directives}


@pytest.mark.parametrize("url", ["/dang-nhap/", "/public/", "/khong-co/"])
@pytest.mark.django_db
def test_anonymous_pages_carry_the_headers(client, url):
    response = client.get(url)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]


def test_a_signed_in_page_carries_the_policy(client_for):
    response = client_for("tckh").get("/")
    assert response.status_code == 200
    assert policy(response)["script-src"] == ["'self'"]


@pytest.mark.django_db
def test_without_secure_cookies_there_is_no_hsts_and_no_redirect(client):
    response = client.get("/dang-nhap/")
    assert response.status_code == 200
    assert "Strict-Transport-Security" not in response.headers


@override_settings(
    SECURE_SSL_REDIRECT=True,
    SECURE_HSTS_SECONDS=31536000,
    SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
    SESSION_COOKIE_SECURE=True,
    CSRF_COOKIE_SECURE=True,
)
@pytest.mark.django_db
def test_with_secure_cookies_http_redirects_and_https_gets_hsts_and_secure_cookies():
    client = Client()
    plain = client.get("/dang-nhap/")
    assert plain.status_code == 301
    assert plain.headers["Location"] == "https://testserver/dang-nhap/"
    secure = client.get("/dang-nhap/", secure=True)
    assert secure.status_code == 200
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert secure.cookies["csrftoken"]["secure"] is True
