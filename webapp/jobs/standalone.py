"""An RQ worker class for `rq worker -w webapp.jobs.standalone.AppWorker`: RQ's own command line,
with every job run inside this app, as `flask --app webapp worker` runs them."""

from __future__ import annotations

from rq import Worker

from webapp import create_app
from webapp.jobs.worker import prepare_for_jobs


class AppWorker(Worker):
    """An RQ worker whose jobs run in an app built from the environment, like the web app's."""

    def work(self, *args, **kwargs) -> bool:
        app = create_app()
        with app.app_context():
            prepare_for_jobs(app)
            return super().work(*args, **kwargs)
