"""Every page is in Vietnamese, whatever language the browser asks for first: the app has
no English translation, and Django's own strings in English beside ours would mix two."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ENGLISH_FIRST = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


def test_the_login_pages_are_vietnamese_for_an_english_browser(client):
    for url in ("/admin/login/", reverse("login")):
        response = client.get(url, **ENGLISH_FIRST)
        assert response.status_code == 200, url
        assert response["Content-Language"] == "vi", url
        text = response.text
        assert "Đăng nhập" in text and "Tên đăng nhập" in text, url
        assert "Log in" not in text and "Username" not in text, url


def test_the_admin_is_vietnamese_for_an_english_browser(client_for):
    response = client_for("admin").get("/admin/", **ENGLISH_FIRST)
    assert response.status_code == 200
    assert '<html lang="vi"' in response.text
    assert "Xem trang web" in response.text and "Thoát" in response.text
    assert "View site" not in response.text and "Log out" not in response.text


def test_the_dashboard_is_vietnamese_for_an_english_browser(client_for):
    response = client_for("tckh").get(reverse("web:dashboard"), **ENGLISH_FIRST)
    assert response.status_code == 200
    assert response["Content-Language"] == "vi"
    assert "Tổng quan giải ngân" in response.text and "Đăng xuất" in response.text


def test_djangos_own_message_on_our_page_is_vietnamese_for_an_english_browser(client_for):
    """The password change form's refusal is Django's text: in Vietnamese all the same."""
    response = client_for("tckh").post(
        reverse("password_change"),
        {"old_password": "sai", "new_password1": "x", "new_password2": "x"},
        **ENGLISH_FIRST,
    )
    assert response.status_code == 200
    assert "Mật khẩu cũ không chính xác" in response.text
    assert "Your old password was entered incorrectly" not in response.text
