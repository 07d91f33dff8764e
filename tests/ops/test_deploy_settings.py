"""The documented production settings pass Django's deploy check; a missing key stops the start."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k7#Qz9-vM2p!x8Lr4tW6yB1nC3dF5gH0jS_eA%uI&oP*zR+mN^qT",
    "ALLOWED_HOSTS": "giaingan.vanquan.langson.gov.vn",
    "SECURE_COOKIES": "1",
}


def giaingan(args: list[str], env: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SECURE_COOKIES", "GIAINGAN_LOCAL"}
        and not key.startswith(("GIAINGAN_TESTING", "DJANGO_"))
    }
    clean |= {"GIAINGAN_DATA_DIR": str(tmp_path), **env}
    return subprocess.run(
        [sys.executable, "-m", "giaingan", *args],
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_values(env: dict[str, str], tmp_path, *names: str) -> list[str]:
    code = "from django.conf import settings; " + "; ".join(
        f"print(repr(settings.{name}))" for name in names
    )
    done = giaingan(["shell", "--no-imports", "-c", code], env, tmp_path)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_the_deploy_check_is_clean_in_the_production_settings(tmp_path):
    done = giaingan(["check", "--deploy", "--fail-level", "WARNING"], PRODUCTION, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "WARNINGS" not in done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_the_deploy_check_warns_without_https(tmp_path):
    env = {**PRODUCTION, "SECURE_COOKIES": "0", "GIAINGAN_LOCAL": "0"}
    done = giaingan(["check", "--deploy", "--fail-level", "WARNING"], env, tmp_path)
    assert done.returncode != 0
    for check in ("W004", "W008", "W012", "W016"):
        assert check in done.stderr


def test_secure_cookies_turn_on_https_redirect_hsts_and_secure_cookies(tmp_path):
    names = [
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    ]
    on = settings_values(PRODUCTION, tmp_path, *names)
    assert on == ["True", "True", "True", "31536000", "True"]
    off = settings_values({}, tmp_path, *names)
    assert off == ["False", "False", "False", "0", "False"]


@pytest.mark.parametrize(
    "env",
    [
        {"DEBUG": "0", "SECURE_COOKIES": "1"},
        {"DEBUG": "0", "GIAINGAN_LOCAL": "0"},
    ],
)
def test_a_missing_secret_key_in_production_stops_the_start_with_one_clear_line(env, tmp_path):
    done = giaingan(["check"], env, tmp_path)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines() == [
        "Lỗi cấu hình: Thiếu biến môi trường SECRET_KEY: khi chạy thật (DEBUG=0 và "
        "SECURE_COOKIES=1 hoặc GIAINGAN_LOCAL=0) phải đặt SECRET_KEY là một chuỗi ngẫu nhiên "
        "dài, giữ bí mật."
    ]
    assert not (tmp_path / "secret_key").exists()


def test_a_local_checkout_keeps_its_own_key_in_the_data_folder(tmp_path):
    done = giaingan(["check"], {"DEBUG": "0"}, tmp_path)
    assert done.returncode == 0, done.stderr
    key = (tmp_path / "secret_key").read_text()
    assert len(key) >= 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_behind_a_proxy_the_forwarded_protocol_counts(tmp_path):
    env = {**PRODUCTION, "BEHIND_PROXY": "1"}
    assert settings_values(env, tmp_path, "SECURE_PROXY_SSL_HEADER") == [
        "('HTTP_X_FORWARDED_PROTO', 'https')"
    ]
    assert settings_values(PRODUCTION, tmp_path, "SECURE_PROXY_SSL_HEADER") == ["None"]


def test_the_web_server_stops_with_the_same_line_without_a_secret_key(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DEBUG", "GIAINGAN_LOCAL"}
        and not key.startswith(("GIAINGAN_TESTING", "DJANGO_"))
    }
    env |= {"GIAINGAN_DATA_DIR": str(tmp_path), "DEBUG": "0", "SECURE_COOKIES": "1"}
    gunicorn = Path(sys.executable).parent / "gunicorn"
    done = subprocess.run(
        [str(gunicorn), "giaingan.wsgi:application", "--bind", "127.0.0.1:0", "--workers", "1"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 4  # gunicorn: the application failed to load, do not retry
    assert "Traceback" not in done.stderr
    assert "Lỗi cấu hình: Thiếu biến môi trường SECRET_KEY" in done.stderr
    assert "App failed to load" in done.stderr
