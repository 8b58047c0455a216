from tests.petitions.conftest import make_petition  # noqa: F401  (fixture reused here)
