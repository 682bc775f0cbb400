import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in the source language; pages are still served in Vietnamese."""
    with translation.override("en"):
        yield
