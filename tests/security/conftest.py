from tests.consultation.conftest import dual, open_draft  # noqa: F401
