from tests.petitions.conftest import accepted_petition, make_petition  # noqa: F401
