import pytest
from django.core.cache import cache


@pytest.fixture
def fresh_cache(db):
    """Rate limits live in the shared cache; start and end a test with none counted."""
    cache.clear()
    yield
    cache.clear()
