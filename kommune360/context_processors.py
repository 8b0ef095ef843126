from django.conf import settings


def site(request):
    """Values every template may need: the site name, the public base URL and the
    operator's facts for the legal pages (kommune360/legal.py)."""
    return {"site_name": "Kommune 360°", "site_url": settings.SITE_URL, "legal": settings.LEGAL}
