"""``demo_preparing``: every page's banner while the demo data is still being prepared."""

from django.http import HttpRequest

from carewatch.demo import preparation


def demo(request: HttpRequest) -> dict[str, bool]:
    return {"demo_preparing": preparation.in_progress()}
