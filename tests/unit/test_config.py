import pytest

from service.settings import SettingsError, load_settings


def test_defaults_and_environment():
    s = load_settings({"QUOTES_PORT": "9000", "QUOTES_MODELS_DIR": "/tmp/models"})
    assert s.port == 9000 and str(s.models_dir) == "/tmp/models"
    assert s.max_text_chars == 200_000


def test_lists_are_comma_separated_and_keys_never_shown():
    s = load_settings(
        {
            "QUOTES_API_KEYS": "a" * 16 + ", " + "b" * 16,
            "QUOTES_TRUSTED_PROXIES": "10.0.0.0/8,127.0.0.1",
            "QUOTES_CORS_ORIGINS": "https://a.example",
            "QUOTES_LOG_LEVEL": "debug",
        }
    )
    assert s.api_keys == ("a" * 16, "b" * 16)
    assert s.trusted_proxies == ("10.0.0.0/8", "127.0.0.1")
    assert s.cors_origins == ("https://a.example",) and s.log_level == "DEBUG"
    assert "a" * 16 not in repr(s) and "<2 keys>" in repr(s)


@pytest.mark.parametrize(
    ("env", "field"),
    [
        ({"QUOTES_TRUSTED_PROXIES": "gateway.local"}, "trusted_proxies"),
        ({"QUOTES_API_KEYS": "short"}, "api_keys"),
        ({"QUOTES_PATH_PREFIX": "api/"}, "path_prefix"),
        ({"QUOTES_RATE_LIMIT_WINDOW": "fortnight"}, "rate_limit_window"),
        ({"QUOTES_QUEUE_SIZE": "0"}, "queue_size"),
        ({"QUOTES_REQUEST_TIMEOUT": "-1"}, "request_timeout"),
        ({"QUOTES_LOG_FORMAT": "xml"}, "log_format"),
        ({"QUOTES_PORT": "70000"}, "port"),
        ({"QUOTES_LOG_LEVEL": "loud"}, "log_level"),
    ],
)
def test_bad_settings_name_the_variable(env, field):
    """The message names what the operator set (QUOTES_PORT), not msgspec's path ($.port)."""
    (variable,) = env
    with pytest.raises(SettingsError, match=f"^invalid {variable}: ") as caught:
        load_settings(env)
    assert variable == f"QUOTES_{field.upper()}"
    assert "$." not in str(caught.value)


def test_unreadable_key_file_stops_startup(tmp_path):
    from service.settings import read_api_keys

    with pytest.raises(SettingsError, match="API_KEYS_FILE"):
        read_api_keys(load_settings({"QUOTES_API_KEYS_FILE": str(tmp_path / "missing")}))
    short = tmp_path / "short"
    short.write_text("tooshort\n")
    with pytest.raises(SettingsError, match="16 characters"):
        read_api_keys(load_settings({"QUOTES_API_KEYS_FILE": str(short)}))


def test_overrides_may_be_paths(tmp_path):
    assert load_settings({}, models_dir=tmp_path).models_dir == tmp_path


def test_the_people_file_and_its_older_name_are_one_setting(tmp_path):
    one, other = tmp_path / "people.json", tmp_path / "roles.json"
    assert load_settings({"QUOTES_ROLES_FILE": str(one)}).roles_file == one
    assert load_settings({"QUOTES_PEOPLE_FILE": str(one), "QUOTES_ROLES_FILE": str(one)})
    with pytest.raises(SettingsError, match="not both"):
        load_settings({"QUOTES_PEOPLE_FILE": str(one), "QUOTES_ROLES_FILE": str(other)})


def test_quantization_is_off_unless_asked_for():
    assert load_settings({}).quantize is False
    assert load_settings({"QUOTES_QUANTIZE": "true"}).quantize is True
    assert load_settings({"QUOTES_QUANTIZE": "0"}).quantize is False
    with pytest.raises(SettingsError, match="QUOTES_QUANTIZE"):
        load_settings({"QUOTES_QUANTIZE": "sometimes"})
