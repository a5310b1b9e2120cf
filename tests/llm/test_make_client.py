"""`make_client` routes a model name to its client; bad paths and a missing extra are one-line errors."""

from __future__ import annotations

import json
import sys

import pytest

from aoi.llm import (
    HuggingFaceClient,
    LocalModelError,
    MissingExtraError,
    ModelNotFound,
    OpenAICompatibleClient,
    is_local_model,
    make_client,
)


@pytest.fixture
def model_dir(tmp_path):
    """A directory that looks like a model; nothing loads it (clients load at their first call)."""
    (tmp_path / "config.json").write_text("{}")
    return tmp_path


def test_served_models_go_over_http_with_their_own_options():
    client = make_client("qwen", "http://127.0.0.1:9/v1", timeout_s=5, stop_on_json=True, seed=3)
    assert isinstance(client, OpenAICompatibleClient)
    assert client.config.model == "qwen" and client.config.timeout_s == 5
    client.close()


def test_hf_paths_run_in_process_with_their_own_options(model_dir):
    client = make_client(f"hf:{model_dir}", timeout_s=5, stop_on_json=True, max_context=64)
    assert isinstance(client, HuggingFaceClient)
    assert client.stop_on_json and client.max_context == 64 and client.model == str(model_dir)
    assert is_local_model(f"hf:{model_dir}") and not is_local_model("qwen") and not is_local_model(None)


def test_option_mistakes_are_caught():
    with pytest.raises(TypeError, match="unknown option.* temprature"):
        make_client("qwen", "http://127.0.0.1:9/v1", temprature=0.5)
    with pytest.raises(ValueError, match="give base_url .* hf:PATH"):
        make_client("qwen")


def _adapter(tmp_path, base: str):
    (tmp_path / "adapter_config.json").write_text(json.dumps({"base_model_name_or_path": base}))
    return tmp_path


@pytest.mark.parametrize(("make", "message"), [
    (lambda tmp: "hf:", "hf: needs a path"),
    (lambda tmp: f"hf:{tmp / 'missing'}", "no model directory at"),
    (lambda tmp: f"hf:{tmp}", "neither config.json nor adapter_config.json"),
    (lambda tmp: f"hf:{_adapter(tmp, '/no/such/base')}", "base model /no/such/base is not a directory"),
    (lambda tmp: f"hf:{_adapter(tmp, '')}", "names no base model"),
])  # fmt: skip
def test_paths_that_hold_no_model_are_one_line_errors(tmp_path, make, message):
    with pytest.raises(ModelNotFound, match=message) as info:
        make_client(make(tmp_path))
    assert isinstance(info.value, LocalModelError) and "\n" not in str(info.value)


def test_without_the_extra_the_error_names_it(model_dir, monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)  # what find_spec reports for a module not installed
    with pytest.raises(MissingExtraError, match=r"needs torch, which is not installed: pip install 'aoi\[train\]'"):
        make_client(f"hf:{model_dir}")
