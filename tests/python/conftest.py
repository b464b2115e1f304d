# Shared fixtures of the Python harness: which SDK package is under test, clients on Prism with
# a recorder, and the official modules to compare with.
#
# The package under test provides the API (`init40`, `methods40`, `models40`); the runtime
# (`looker_sdk.rtl`, `looker_sdk.error`) is the official package's in both cases, as the
# generated package runs on it.
#
# `cargo xtask test` runs these tests with Prism up (static and dynamic, as for the Rust tests)
# and passes its base URLs in LOOKER_PRISM_STATIC_URL / LOOKER_PRISM_DYNAMIC_URL, and the
# generator binary in LOOKER_CODEGEN_BIN.
from __future__ import annotations

import importlib
import os
import socket
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from looker_sdk.rtl import api_settings as api_settings_module

from recorder import Exchange, Recorder

# The package under test, imported as `looker_sdk` by every test. This is the one line to change
# when generated/python lands: "looker_codegen_sdk" (the generated package, whose API is the
# official one's). "looker_sdk" (the official 26.12.0 package) proves the harness meanwhile.
SDK_MODULE = os.environ.get("LOOKER_SDK_UNDER_TEST", "looker_codegen_sdk")

# True when the package under test is the generated one: the comparisons then expect the known
# differences, and the tests that run the generator's Python output run.
GENERATED = SDK_MODULE != "looker_sdk"

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
# Downloaded wheels and unpacked official modules (the harness's cache, outside the source tree).
CACHE = ROOT / "target" / "python"

STATIC_URL_VAR = "LOOKER_PRISM_STATIC_URL"
DYNAMIC_URL_VAR = "LOOKER_PRISM_DYNAMIC_URL"
CODEGEN_BIN_VAR = "LOOKER_CODEGEN_BIN"


LOOPBACK = ("127.0.0.1", "::1", "localhost")


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Refuses every connection and name lookup beyond this machine.

    The official runtime fetches error documentation from Looker's CDN when an error's
    `documentation_url` looks like Looker's; a test must never reach outside (and a Prism answer
    must not make it try)."""
    real_connect = socket.socket.connect
    real_getaddrinfo = socket.getaddrinfo

    def refuse(host: object) -> OSError:
        return OSError(f"tests reach only loopback addresses, not {host!r}")

    def connect(self: socket.socket, address: Any) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            host = str(address[0])
            if not (host.startswith("127.") or host in LOOPBACK):
                raise refuse(host)
        real_connect(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else str(host)
        if not (name.startswith("127.") or name in LOOPBACK):
            raise refuse(name)
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


def sdk_package() -> ModuleType:
    """The package under test (`init40`, `methods40`, `models40`, `error`, `rtl`...)."""
    return importlib.import_module(SDK_MODULE)


def api40_dir(package: ModuleType) -> Path:
    """The folder of a package's `methods.py` and `models.py`."""
    return Path(package.__file__).resolve().parent / "sdk" / "api40"


def prism_url(var: str) -> str:
    url = os.environ.get(var)
    if not url:
        pytest.fail(
            f"{var} is not set: these tests need Stoplight Prism running. Run them with "
            "`cargo xtask test` or `cargo xtask pytest` (they install and start Prism).",
            pytrace=False,
        )
    return url.rstrip("/")


class Prism:
    """A client of the package under test talking to one Prism, with every exchange recorded."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.package = sdk_package()
        settings = api_settings(url)
        self.sdk = self.package.init40(config_settings=settings)
        # The login goes through the same transport, so the recorder sees it too.
        self.recorder = Recorder(self.sdk.transport.session)

    def log_in(self) -> None:
        """Logs in now. The runtime sends a call's `transport_options` with the login it makes
        before the call, so a `Prefer` or `Accept` header meant for one call would reach
        `/login` too; a test that sets one logs in first."""
        self.sdk.auth.authenticate({})
        self.passed()

    def passed(self) -> list[Exchange]:
        """The exchanges since the last call, after asserting each answered 2xx without an
        `sl-violations` entry of severity Error."""
        exchanges = self.recorder.take()
        assert exchanges, "nothing reached Prism"
        failed = [str(e) for e in exchanges if not e.passed()]
        assert not failed, "Prism did not accept:\n  " + "\n  ".join(failed)
        return exchanges

    def valid(self) -> list[Exchange]:
        """The exchanges since the last call, after asserting Prism found no Error in any."""
        exchanges = self.recorder.take()
        for e in exchanges:
            assert not e.errors(), f"Prism found errors:\n  {e}"
        return exchanges


def api_settings(url: str) -> api_settings_module.ApiSettings:
    """Settings from code, as a user without a looker.ini writes them (the official runtime's
    settings, which the generated package runs on too)."""

    class Settings(api_settings_module.ApiSettings):
        def read_config(self) -> api_settings_module.SettingsConfig:
            return {"base_url": url, "client_id": "id", "client_secret": "secret"}

    return Settings()


@pytest.fixture
def prism() -> Iterator[Prism]:
    """A client on the static Prism (examples, or values sampled from the schemas)."""
    client = Prism(prism_url(STATIC_URL_VAR))
    yield client
    client.recorder.close()


@pytest.fixture
def dynamic_prism() -> Iterator[Prism]:
    """A client on the dynamic Prism (random values, nulls where nullable, extra keys)."""
    client = Prism(prism_url(DYNAMIC_URL_VAR))
    yield client
    client.recorder.close()


def official_api40(version: str) -> Path:
    """The folder of the official looker-sdk `version`'s `methods.py` and `models.py`, from the
    wheel `pip download --no-deps` fetches into target/python/wheels (once)."""
    wheels = CACHE / "wheels"
    wheel = wheels / f"looker_sdk-{version}-py3-none-any.whl"
    if not wheel.is_file():
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--no-deps",
                "--disable-pip-version-check",
                "--no-input",
                "--quiet",
                "--dest",
                str(wheels),
                f"looker-sdk=={version}",
            ],
            check=True,
        )
    out = CACHE / "official" / version
    modules = out / "looker_sdk" / "sdk" / "api40"
    if not (modules / "models.py").is_file():
        with zipfile.ZipFile(wheel) as archive:
            for name in ("methods.py", "models.py"):
                archive.extract(f"looker_sdk/sdk/api40/{name}", out)
    return modules


def codegen_bin() -> Path:
    """The generator binary `cargo xtask test` built."""
    value = os.environ.get(CODEGEN_BIN_VAR)
    path = Path(value) if value else ROOT / "target" / "debug" / "looker-codegen"
    if not path.is_file():
        pytest.fail(
            f"no generator binary at {path}: run with `cargo xtask test`, or set {CODEGEN_BIN_VAR}",
            pytrace=False,
        )
    return path
