import pytest

from offers.models import Audience
from tests.conftest import reseed_reference_data


@pytest.fixture
def seeded():
    """Vocabularies and the version row for a transactional test (after a flush)."""
    if not Audience.objects.exists():
        reseed_reference_data()
