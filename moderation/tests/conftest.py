import pytest


@pytest.fixture(autouse=True)
def _fresh_lexicon():
    """Each test compiles the word lists from its own database state, not a previous test's."""
    from moderation import lexicon

    lexicon._state.update(lexicon=None, version=None, checked=0.0)
    yield
    lexicon._state.update(lexicon=None, version=None, checked=0.0)
