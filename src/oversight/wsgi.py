"""The WSGI application (gunicorn: `deploy/gunicorn.conf.py`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oversight.settings")
application = get_wsgi_application()

from oversight.base.memory import settle  # noqa: E402  (after Django is set up)

settle()
