"""WSGI entry point (gunicorn serves it in `make run`)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
application = get_wsgi_application()

# Everything loaded so far (Django, the apps, camel-tools: about 90,000 objects) lives
# as long as the process: move it out of the garbage collector's sight. Without this, each full
# collection walked all of it, a 110 ms pause in the middle of some request, and collections
# took 0.52 ms per request on average; with it, 0.21 ms and no full pass seen in 360 requests
# (measured with gc.callbacks over article and list pages on the SaudiNewsNet database).
gc.freeze()
