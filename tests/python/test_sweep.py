# Calls every GET operation of the package under test against both Prisms, with a sample value
# for every argument: the Python twin of the Rust sweep (tests/sdk/tests/prism.rs).
#
# The cases are sweep_cases.json, written by `cargo xtask regen` from the generator's model
# (xtask/src/python.rs) and checked for staleness by `cargo xtask check`. Each case names the
# method and its arguments in the model's order; the test asserts that the method takes exactly
# those (same names, same order) and calls it with all of them as keywords. A call passes when
# every exchange it caused answered 2xx with no `sl-violations` entry of severity Error, at least
# one GET reached Prism, and the SDK decoded the response.
from __future__ import annotations

import ast
import datetime
import inspect
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import (
    DYNAMIC_URL_VAR,
    HERE,
    STATIC_URL_VAR,
    Prism,
    api40_dir,
    prism_url,
    sdk_package,
)

SWEEP = json.loads((HERE / "sweep_cases.json").read_text(encoding="utf-8"))
CASES = SWEEP["cases"]
models = sdk_package().models40

# Sweep calls that fail for reasons outside the generator, by (Prism mode, operation), with the
# reason. Each must keep failing: when one passes, its test fails and says to remove it. They are
# the official runtime's and the official SDK's behaviour, which the generated package shares
# (same runtime, same signatures and models).
DATETIME_QUERY = (
    "the official runtime (api_methods._convert_query_params) sends a datetime query parameter "
    "as `2024-01-02T03:04Z`, without seconds: not an RFC 3339 date-time, so Prism rejects it"
)
TEXT_FIRST = (
    "the official SDK decodes the answer as JSON (JsonBi) whatever its media type; the spec lists "
    "text/plain first, so Prism answers `Accept: */*` with text"
)
NULL_IN_REQUIRED_ARRAY = (
    "Alert.destinations is required and nullable in the spec; the official model types it "
    "Sequence[AlertDestination] (no Optional), so cattrs cannot structure the null dynamic "
    "Prism sends"
)
KNOWN_FAILURES: dict[tuple[str, str], str] = {
    **{
        (mode, operation): DATETIME_QUERY
        for mode in ("static", "dynamic")
        for operation in (
            "search_themes",
            "default_theme",
            "default_theme_by_type",
            "active_themes",
            "theme_or_default",
        )
    },
    ("static", "run_sql_interface_query"): TEXT_FIRST,
    ("dynamic", "run_sql_interface_query"): TEXT_FIRST,
    ("dynamic", "search_alerts"): NULL_IN_REQUIRED_ARRAY,
}


def value(sample: dict[str, Any]) -> Any:
    """The Python value of one sample from sweep_cases.json."""
    kind, raw = sample["kind"], sample["value"]
    if kind in ("str", "int", "float", "bool"):
        return raw
    if kind == "datetime":
        return datetime.datetime.fromisoformat(raw)
    if kind == "date":
        return datetime.date.fromisoformat(raw)
    if kind == "delimited":
        return models.DelimSequence([value(item) for item in raw])
    if kind == "list":
        return [value(item) for item in raw]
    if kind == "dict":
        return dict(raw)
    raise AssertionError(f"unknown sample kind {kind!r} in sweep_cases.json")


def describe(e: BaseException, depth: int = 0) -> str:
    """An exception with its notes and, for cattrs' exception groups, every nested one: the
    field path of a decoding failure is in them."""
    notes = "; ".join(getattr(e, "__notes__", []))
    text = "  " * depth + f"{type(e).__name__}: {str(e).strip()}" + (f" ({notes})" if notes else "")
    if isinstance(e, BaseExceptionGroup):
        text += "".join("\n" + describe(sub, depth + 1) for sub in e.exceptions)
    return text


@pytest.fixture(scope="module")
def static_client() -> Iterator[Prism]:
    client = Prism(prism_url(STATIC_URL_VAR))
    yield client
    client.recorder.close()


@pytest.fixture(scope="module")
def dynamic_client() -> Iterator[Prism]:
    client = Prism(prism_url(DYNAMIC_URL_VAR))
    yield client
    client.recorder.close()


def sweep_one(mode: str, client: Prism, case: dict[str, Any]) -> None:
    operation = case["operation"]
    method = getattr(client.sdk, operation, None)
    assert method is not None, f"the SDK has no method {operation}"
    names = [name for name in inspect.signature(method).parameters if name != "transport_options"]
    expected = [argument["name"] for argument in case["arguments"]]
    assert names == expected, f"{operation} takes {names}, the model says {expected}"
    kwargs = {a["name"]: value(a["value"]) for a in case["arguments"]}
    client.recorder.take()
    problems = []
    try:
        method(**kwargs)
    except Exception as e:  # noqa: BLE001 - any failure of the call is reported
        problems.append("the SDK raised " + describe(e))
    exchanges = client.recorder.take()
    problems += [f"Prism: {e}" for e in exchanges if not e.passed()]
    if not any(e.method == "GET" for e in exchanges):
        problems.append("the call never reached Prism")
    known = KNOWN_FAILURES.get((mode, operation))
    if known is None:
        assert not problems, f"{operation} (GET {case['path']}):\n    " + "\n    ".join(problems)
    else:
        assert problems, f"{operation} passes now: remove it from KNOWN_FAILURES"
        pytest.xfail(known)


@pytest.mark.parametrize("case", CASES, ids=[c["operation"] for c in CASES])
def test_static(static_client: Prism, case: dict[str, Any]) -> None:
    sweep_one("static", static_client, case)


@pytest.mark.parametrize("case", CASES, ids=[c["operation"] for c in CASES])
def test_dynamic(dynamic_client: Prism, case: dict[str, Any]) -> None:
    sweep_one("dynamic", dynamic_client, case)


def get_methods(methods_py: Path) -> set[str]:
    """The methods of the SDK class whose request is `self.get(...)`."""
    tree = ast.parse(methods_py.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            for call in ast.walk(node):
                if (
                    isinstance(call, ast.Call)
                    and isinstance(call.func, ast.Attribute)
                    and call.func.attr == "get"
                    and isinstance(call.func.value, ast.Name)
                    and call.func.value.id == "self"
                ):
                    found.add(node.name)
    return found


def test_the_sweep_covers_every_get_method_of_the_package() -> None:
    assert len(CASES) + len(SWEEP["skipped"]) == SWEEP["get_operations"]
    assert not SWEEP["skipped"], SWEEP["skipped"]
    in_package = get_methods(api40_dir(sdk_package()) / "methods.py")
    swept = {c["operation"] for c in CASES}
    assert in_package == swept, (
        f"GET methods not swept: {sorted(in_package - swept)}; "
        f"swept but not GET methods of the package: {sorted(swept - in_package)}"
    )
    unknown = {operation for _, operation in KNOWN_FAILURES} - swept
    assert not unknown, f"KNOWN_FAILURES names operations not swept: {sorted(unknown)}"


def test_samples_become_the_runtime_types() -> None:
    ids = value({"kind": "delimited", "value": [{"kind": "str", "value": "1"}]})
    assert isinstance(ids, models.DelimSequence)
    assert str(ids) == "1"
    when = value({"kind": "datetime", "value": "2024-01-02T03:04:05"})
    assert when == datetime.datetime(2024, 1, 2, 3, 4, 5)
    with pytest.raises(AssertionError, match="unknown sample kind"):
        value({"kind": "model", "value": {}})
