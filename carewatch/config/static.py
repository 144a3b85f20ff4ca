"""WhiteNoise, without its warning about a STATIC_ROOT that demo and debug mode never fill."""

import os

from whitenoise.middleware import WhiteNoiseMiddleware  # type: ignore[import-untyped]


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """Serves static files as WhiteNoise does.

    In demo and debug mode (``WHITENOISE_USE_FINDERS``) the files come straight from each app's
    ``static/`` folder, and STATIC_ROOT exists only if someone has run ``collectstatic``; WhiteNoise
    would print ``UserWarning: No directory at: …/staticfiles/`` on every start. So STATIC_ROOT is added
    only when it exists there. Without the finders (production) a missing STATIC_ROOT means
    ``collectstatic`` was not run, and WhiteNoise still says so.
    """

    def add_files(self, root: str, prefix: str | None = None) -> None:
        if self.use_finders and root == self.static_root and not os.path.isdir(root):
            return
        super().add_files(root, prefix)
