from django.conf import settings

from carewatch.core import navigation


def site(request):
    return {
        "demo_mode": settings.DEMO_MODE,
        "service_name": "carewatch",
        "navigation_items": navigation.items_for(request),
    }
