from tests.petitions.conftest import accepted_petition, checklist, make_petition  # noqa: F401
