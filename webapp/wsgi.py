"""The app for a WSGI server in production: `gunicorn webapp.wsgi:app`."""

import gc

from webapp import create_app

app = create_app()
# What the app holds by now (modules, mappers, templates: a quarter of a million objects) lives
# as long as the process; a full pass of the garbage collector over it stops the process for
# a tenth of a second, so leave it out of those passes.
gc.freeze()
