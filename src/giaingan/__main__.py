"""The `giaingan` console script: the project's manage.py."""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "giaingan.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018 (loads the settings: a bad one stops here)
    except ImproperlyConfigured as error:
        # One clear line for whoever starts the app, not a traceback.
        sys.exit(f"Lỗi cấu hình: {error}")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
