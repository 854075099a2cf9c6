import pytest

from service.config import SettingsError, load_settings


def test_defaults_and_environment():
    s = load_settings({"QUOTES_PORT": "9000", "QUOTES_MODELS_DIR": "/tmp/models"})
    assert s.port == 9000 and str(s.models_dir) == "/tmp/models"
    assert s.max_text_chars == 200_000


def test_invalid_value_is_a_clear_error():
    with pytest.raises(SettingsError, match="port"):
        load_settings({"QUOTES_PORT": "70000"})
