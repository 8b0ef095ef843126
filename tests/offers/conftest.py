import pytest
from django.db import connection

from offers.models import Audience
from tests.conftest import reseed_reference_data


@pytest.fixture
def seeded():
    """Vocabularies, triggers and the version row for a transactional test (after a flush)."""
    if not Audience.objects.exists():
        reseed_reference_data()


@pytest.fixture
def search_words_at_once(db):
    """Write the search's word index at each statement's end, not at commit (PostgreSQL).

    A test's transaction never commits. With the commit triggers fired at
    once, the catalogue's searches read the word index as they would after a
    commit, instead of leaving pending changes to the GIN index.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
