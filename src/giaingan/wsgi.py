from __future__ import annotations

import os
import sys

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "giaingan.settings")
try:
    application = get_wsgi_application()
except ImproperlyConfigured as error:
    # One clear line in the server's log; exit code 4 tells gunicorn the app cannot load,
    # so it stops instead of restarting workers forever.
    print(f"Lỗi cấu hình: {error}", file=sys.stderr, flush=True)
    sys.exit(4)
