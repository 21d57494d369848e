import pytest


@pytest.fixture(autouse=True)
def import_files_in_a_temporary_folder(settings, tmp_path):
    """Uploaded registry files wait in a throw-away folder, never in var/imports."""
    settings.REGISTRY_IMPORT_DIR = tmp_path / "imports"
    return settings.REGISTRY_IMPORT_DIR
