"""Error pages are Vietnamese and leak nothing; a bad Host header is one log line and a 400."""

from __future__ import annotations

import io
import logging
import sys

import pytest
from django.http import HttpRequest
from django.test import Client, override_settings
from django.urls import path

from giaingan.lib.logs import TracebackOnlyForServerErrors

# Words of Django's own English pages and of its debug pages: none may reach a user.
LEAKS = [
    "Traceback",
    "Forbidden",
    "Bad Request",
    "Not Found",
    "Server Error",
    "CSRF verification",
    "Request aborted",
    "DEBUG",
    "settings.py",
    "ALLOWED_HOSTS",
    "SECRET",
    "Django",
    "Exception",
    "reason",
]


def assert_vietnamese_and_quiet(body: str, heading: str) -> None:
    assert '<html lang="vi">' in body
    assert heading in body
    for word in LEAKS:
        assert word not in body, word


def boom(request: HttpRequest):
    raise RuntimeError("secret detail: password=hunter2")


urlpatterns = [path("boom/", boom)]


@pytest.fixture
def console():
    """What the console log handler of the settings writes during the test."""
    handler = next(h for h in logging.getLogger().handlers if type(h) is logging.StreamHandler)
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


@pytest.mark.django_db
def test_a_bad_host_header_answers_400_in_vietnamese_and_logs_one_line(client, console):
    response = client.get("/dang-nhap/", HTTP_HOST="evil.example.com")
    assert response.status_code == 400
    assert_vietnamese_and_quiet(response.content.decode(), "Yêu cầu không hợp lệ")
    assert "evil.example.com" not in response.content.decode()
    lines = console.getvalue().splitlines()
    assert len(lines) == 1, lines
    assert "evil.example.com" in lines[0]


def test_a_refused_page_logs_one_line(client_for, console):
    assert client_for("xa.tandoan").get("/imports/treasury/").status_code == 403
    assert console.getvalue().splitlines() == ["Forbidden (Permission denied): /imports/treasury/"]


@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.django_db
def test_a_server_error_keeps_its_traceback_in_the_log(console):
    assert Client(raise_request_exception=False).get("/boom/").status_code == 500
    logged = console.getvalue()
    assert "Traceback" in logged and "hunter2" in logged


def test_the_filter_keeps_the_message_and_drops_the_traceback():
    try:
        raise ValueError("bad host")
    except ValueError:
        info = sys.exc_info()
    record = logging.LogRecord(
        "django.security.DisallowedHost",
        logging.ERROR,
        __file__,
        1,
        "Invalid host %s",
        ("h",),
        info,
    )
    assert TracebackOnlyForServerErrors().filter(record) is True
    assert logging.Formatter().format(record) == "Invalid host h"
    other = logging.LogRecord("giaingan.x", logging.ERROR, __file__, 1, "broken", (), info)
    TracebackOnlyForServerErrors().filter(other)
    assert "Traceback" in logging.Formatter().format(other)


@pytest.mark.django_db
def test_the_404_page_is_vietnamese(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert_vietnamese_and_quiet(response.content.decode(), "Không tìm thấy trang")


def test_the_403_page_is_vietnamese(client_for):
    response = client_for("xa.tandoan").get("/imports/treasury/")
    assert response.status_code == 403
    assert_vietnamese_and_quiet(response.content.decode(), "Không có quyền truy cập")


@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.django_db
def test_the_500_page_is_vietnamese_and_shows_nothing_of_the_error():
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert_vietnamese_and_quiet(body, "Đã có lỗi hệ thống")
    assert "hunter2" not in body and "RuntimeError" not in body


def test_a_csrf_failure_is_a_vietnamese_page_without_the_reason(people):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/dang-nhap/", {"username": "tckh", "password": "giaingan"})
    assert response.status_code == 403
    assert_vietnamese_and_quiet(response.content.decode(), "Không thực hiện được thao tác")
    assert "cookie" in response.content.decode()  # the fix a user can make, in Vietnamese


@pytest.mark.django_db
def test_too_large_a_request_is_a_vietnamese_400(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    response = client.post("/dang-nhap/", {f"f{i}": "x" for i in range(20)})
    assert response.status_code == 400
    assert_vietnamese_and_quiet(response.content.decode(), "Yêu cầu không hợp lệ")
