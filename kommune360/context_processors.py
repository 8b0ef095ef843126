from django.conf import settings


def site(request):
    """Values every template may need: the site name and the public base URL."""
    return {"site_name": "Kommune 360°", "site_url": settings.SITE_URL}
