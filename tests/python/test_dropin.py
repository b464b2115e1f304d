# The drop-in test: the package under test's `methods.py` and `models.py` replace the official
# package's own in a copy of the installed looker_sdk, and code written for looker_sdk runs on
# the result unchanged (`import looker_sdk`, `init40()` from the environment, `me()` on Prism).
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import looker_sdk

from conftest import HERE, STATIC_URL_VAR, api40_dir, prism_url, sdk_package

# Run in a fresh interpreter whose `looker_sdk` is the patched copy; prints what it found.
SCRIPT = """
import json, sys
import looker_sdk
from recorder import Recorder

sdk = looker_sdk.init40()
recorder = Recorder(sdk.transport.session)
me = sdk.me()
exchanges = recorder.take()
print(json.dumps({
    "package": looker_sdk.__file__,
    "methods": looker_sdk.methods40.__file__,
    "models": looker_sdk.models40.__file__,
    "user_type": type(me).__name__,
    "user_id": me.id,
    "exchanges": [str(e) for e in exchanges],
    "failed": [str(e) for e in exchanges if not e.passed()],
}))
"""


def test_the_modules_drop_into_the_official_package(tmp_path: Path) -> None:
    installed = Path(looker_sdk.__file__).resolve().parent
    copy = tmp_path / "site" / "looker_sdk"
    shutil.copytree(installed, copy, ignore=shutil.ignore_patterns("__pycache__"))
    source = api40_dir(sdk_package())
    for name in ("methods.py", "models.py"):
        shutil.copyfile(source / name, copy / "sdk" / "api40" / name)

    env = {
        **os.environ,
        # The copy comes first; the harness's recorder after it.
        "PYTHONPATH": os.pathsep.join([str(tmp_path / "site"), str(HERE)]),
        "LOOKERSDK_BASE_URL": prism_url(STATIC_URL_VAR),
        "LOOKERSDK_CLIENT_ID": "id",
        "LOOKERSDK_CLIENT_SECRET": "secret",
        "LOOKERSDK_VERIFY_SSL": "false",
    }
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout)
    for key in ("package", "methods", "models"):
        assert found[key].startswith(str(copy)), f"{key} came from {found[key]}, not the copy"
    assert found["user_type"] == "User"
    assert found["user_id"]
    assert found["failed"] == [], found["exchanges"]
    targets = [e.split(" -> ")[0] for e in found["exchanges"]]
    assert targets == ["POST /api/4.0/login", "GET /api/4.0/user"], targets


def test_the_official_package_imports_the_swapped_files() -> None:
    # A guard: `init40` and `methods40` come from the two files the drop-in test replaces.
    installed = Path(looker_sdk.__file__).resolve().parent
    package_init = (installed / "__init__.py").read_text(encoding="utf-8")
    assert "from looker_sdk.sdk.api40 import methods as methods40" in package_init
    assert "from looker_sdk.sdk.api40 import models as models40" in package_init
    assert Path(looker_sdk.methods40.__file__).resolve() == installed / "sdk/api40/methods.py"
