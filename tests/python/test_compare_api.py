# The comparison of the package under test with the official looker-sdk modules (compare_api.py),
# and the proof that the comparison finds what it should.
#
# 26.12: the package under test's `sdk/api40` vs looker-sdk 26.12.0's; 25.20: the generator run on
# spec/history/Looker.4.0.25.20.oas.json vs looker-sdk 25.20.0's. The official modules come from
# `pip download --no-deps` (conftest.official_api40). Every difference must be listed in
# known_differences.toml with its reason, and every entry there must still occur.
from __future__ import annotations

import ast
import fnmatch
import functools
import subprocess
import sys
import textwrap
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

from compare_api import MODULES, Difference, compare_dirs, compare_trees
from conftest import (
    GENERATED,
    HERE,
    ROOT,
    SDK_MODULE,
    api40_dir,
    codegen_bin,
    official_api40,
    sdk_package,
)

KNOWN = HERE / "known_differences.toml"
HISTORY_SPEC = ROOT / "spec" / "history" / "Looker.4.0.25.20.oas.json"


@dataclass(frozen=True)
class Known:
    release: str
    item: str
    detail: str
    reason: str

    def matches(self, difference: Difference) -> bool:
        return fnmatch.fnmatchcase(difference.item, self.item) and fnmatch.fnmatchcase(
            difference.detail, self.detail
        )


def load_known(text: str) -> list[Known]:
    """The entries of known_differences.toml; a malformed entry is an error naming it."""
    entries = tomllib.loads(text).get("difference", [])
    known = []
    for index, entry in enumerate(entries):
        keys = {"release", "item", "detail", "reason"}
        if set(entry) != keys or not all(isinstance(entry[k], str) and entry[k] for k in keys):
            raise ValueError(
                f"difference #{index + 1} needs exactly {sorted(keys)}, non-empty: {entry}"
            )
        known.append(Known(**entry))
    return known


def unexplained(release: str, differences: list[Difference], known: list[Known]) -> list[str]:
    """The problems left: differences no entry explains, and entries that match nothing."""
    entries = [k for k in known if k.release == release]
    problems = [f"unexpected: {d}" for d in differences if not any(k.matches(d) for k in entries)]
    problems += [
        f"no longer occurs (remove it from {KNOWN.name}): {k.item}: {k.detail}"
        for k in entries
        if not any(k.matches(d) for d in differences)
    ]
    return problems


def assert_matches_official(release: str, official: Path, other: Path) -> None:
    report = compare_dirs(official, other)
    assert report.counts.methods > 400 and report.counts.models > 300, report.counts
    # The official package compared with itself has nothing to explain.
    known = load_known(KNOWN.read_text(encoding="utf-8")) if GENERATED else []
    problems = unexplained(release, report.differences, known)
    assert not problems, (
        f"{release}: {other} differs from the official modules in {official} "
        f"({len(problems)} problems):\n  " + "\n  ".join(problems)
    )


def test_26_12_matches_the_official_modules() -> None:
    assert_matches_official("26.12", official_api40("26.12.0"), api40_dir(sdk_package()))


def test_25_20_output_matches_the_official_modules(tmp_path: Path) -> None:
    if not GENERATED:
        pytest.skip(
            f"the harness is on the official package ({SDK_MODULE}; conftest.SDK_MODULE), "
            "so there is no generated Python for the 25.20 spec to compare"
        )
    out = tmp_path / "python"
    subprocess.run(
        [
            str(codegen_bin()),
            "generate",
            "--quiet",
            "--lang",
            "python",
            "--spec",
            str(HISTORY_SPEC),
            "--out",
            str(out),
        ],
        check=True,
    )
    generated = out / SDK_MODULE / "sdk" / "api40"
    assert_matches_official("25.20", official_api40("25.20.0"), generated)


def test_the_known_differences_file_is_well_formed() -> None:
    known = load_known(KNOWN.read_text(encoding="utf-8"))
    assert all(k.release in ("26.12", "25.20") for k in known), known
    with pytest.raises(ValueError, match="difference #1 needs"):
        load_known('[[difference]]\nrelease = "26.12"\nitem = "x"\ndetail = "y"\n')


def test_known_differences_must_match_and_must_still_occur() -> None:
    differences = [Difference("method Looker40SDK.me", "return annotation: a vs b")]
    entry = Known("26.12", "method Looker40SDK.*", "return annotation: *", "because")
    assert unexplained("26.12", differences, [entry]) == []
    assert unexplained("25.20", differences, [entry]) == [
        "unexpected: method Looker40SDK.me: return annotation: a vs b"
    ]
    stale = unexplained("26.12", [], [entry])
    assert len(stale) == 1 and stale[0].startswith("no longer occurs"), stale


# The comparison itself: it finds nothing between equal modules, something between two releases,
# and each kind of injected difference.


@functools.cache
def official_sources() -> dict[str, str]:
    return {m: (official_api40("26.12.0") / m).read_text(encoding="utf-8") for m in MODULES}


@functools.cache
def official_trees() -> dict[str, ast.Module]:
    # Parsed once: the comparison only reads the trees.
    return {m: ast.parse(text) for m, text in official_sources().items()}


def test_the_official_modules_equal_themselves() -> None:
    report = compare_trees(official_trees(), official_trees())
    assert report.differences == []
    assert (report.counts.methods, report.counts.enums) > (400, 10), report.counts


def test_two_releases_differ() -> None:
    report = compare_dirs(official_api40("25.20.0"), official_api40("26.12.0"))
    lines = [str(d) for d in report.differences]
    # Operations added in 26.12, and 25.20's login sending the credentials as query parameters.
    assert "method Looker40SDK.get_agent: only in generated" in lines
    assert any(line.startswith("method Looker40SDK.login: request:") for line in lines), lines


def mutated(tree: ast.Module, source: str, old: str, new: str, after: str = "") -> ast.Module:
    """`tree` (parsed from `source`) with the first `old` after the one place `after` occurs
    replaced by `new` ("" means `old` occurs once).

    Only the statement holding the change is parsed again (a method of `Looker40SDK`, or a
    top-level class or statement) and put into shallow copies of the trees around it, so that a
    mutation costs milliseconds instead of parsing a whole module."""
    if after:
        assert source.count(after) == 1, f"{after!r} is not unique"
    else:
        assert source.count(old) == 1, f"{old!r} occurs {source.count(old)} times"
    at = source.index(old, source.index(after) if after else 0)
    line = source.count("\n", 0, at) + 1
    end_line = source.count("\n", 0, at + len(old)) + 1
    starts = [0]
    for text_line in source.splitlines(keepends=True):
        starts.append(starts[-1] + len(text_line))

    def replace_in(body: list[ast.stmt]) -> list[ast.stmt]:
        for index, node in enumerate(body):
            first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
            last = node.end_lineno or node.lineno
            if not first <= line <= last:
                continue
            if isinstance(node, ast.ClassDef) and node.name == "Looker40SDK":
                copy = ast.ClassDef(**{f: getattr(node, f) for f in node._fields})
                copy.body = replace_in(node.body)
                return [*body[:index], copy, *body[index + 1 :]]
            assert end_line <= last, f"{old!r} spans more than one statement"
            segment = source[starts[first - 1] : starts[last]]
            offset = at - starts[first - 1]
            segment = segment[:offset] + new + segment[offset + len(old) :]
            return [*body[:index], *ast.parse(textwrap.dedent(segment)).body, *body[index + 1 :]]
        raise AssertionError(f"{old!r} is in no statement")

    return ast.Module(body=replace_in(tree.body), type_ignores=[])


# Each mutation of the official modules: which file, where (the first `old` after this text is
# replaced; "" means `old` is unique), the text to replace, its replacement, and the start of a
# line the comparison must report.
MUTATIONS: list[tuple[str, str, str, str, str, str]] = [
    (
        "method removed",
        "methods.py",
        "",
        "    def me(\n",
        "    def me_renamed(\n",
        "method Looker40SDK.me: only in official",
    ),
    (
        "parameter order",
        "methods.py",
        "",
        "        not_owned_by: Optional[bool] = None,\n"
        "        transport_options: Optional[transport.TransportOptions] = None,\n"
        "    ) -> Sequence[mdls.Dashboard]:",
        "        transport_options: Optional[transport.TransportOptions] = None,\n"
        "        not_owned_by: Optional[bool] = None,\n"
        "    ) -> Sequence[mdls.Dashboard]:",
        "method Looker40SDK.search_dashboards: parameters: official [",
    ),
    (
        "parameter annotation",
        "methods.py",
        "",
        "        ids: Optional[mdls.DelimSequence[str]] = None,\n"
        "        transport_options: Optional[transport.TransportOptions] = None,\n"
        "    ) -> Sequence[mdls.User]:",
        "        ids: Optional[mdls.DelimSequence[int]] = None,\n"
        "        transport_options: Optional[transport.TransportOptions] = None,\n"
        "    ) -> Sequence[mdls.User]:",
        "method Looker40SDK.all_users: parameter ids annotation: official "
        "Optional[mdls.DelimSequence[str]] vs generated Optional[mdls.DelimSequence[int]]",
    ),
    (
        "parameter default",
        "methods.py",
        "",
        "        client_secret: Optional[str] = None,\n        transport_options",
        "        client_secret: Optional[str] = '',\n        transport_options",
        "method Looker40SDK.login: parameter client_secret default: official None vs generated ''",
    ),
    (
        "return annotation",
        "methods.py",
        "",
        '    ) -> Union[str, bytes]:\n        """Get Content Thumbnail"""',
        '    ) -> bytes:\n        """Get Content Thumbnail"""',
        "method Looker40SDK.content_thumbnail: return annotation: official Union[str, bytes] "
        "vs generated bytes",
    ),
    (
        "request",
        "methods.py",
        "    def user(\n",
        'path=f"/users/{user_id}",\n                structure=mdls.User,',
        'path=f"/user/{user_id}",\n                structure=mdls.User,',
        "method Looker40SDK.user: request: official self.get(path=f'/users/{user_id}'",
    ),
    (
        "model removed",
        "models.py",
        "",
        "class WriteUser(model.Model):",
        "class WriteUserRenamed(model.Model):",
        "model WriteUser: only in official",
    ),
    (
        "model base",
        "models.py",
        "",
        "class AccessToken(model.Model):",
        "class AccessToken(object):",
        "model AccessToken: bases: official ['model.Model'] vs generated ['object']",
    ),
    (
        "field annotation",
        "models.py",
        "class Alert(",
        '    comparison_type: "ComparisonType"\n    cron: str\n    destinations:',
        "    comparison_type: str\n    cron: str\n    destinations:",
        "model Alert: field comparison_type annotation: official 'ComparisonType' vs generated str",
    ),
    (
        "field default",
        "models.py",
        "class WhitelabelConfiguration(",
        "    folders_mentions: Optional[bool] = None\n\n    def __init__(",
        "    folders_mentions: Optional[bool] = False\n\n    def __init__(",
        "model WhitelabelConfiguration: field folders_mentions default: official None vs "
        "generated False",
    ),
    (
        "__init__ signature",
        "models.py",
        "class WhitelabelConfiguration(",
        "        folders_mentions: Optional[bool] = None\n    ):\n",
        "        folders_mentions: Optional[str] = None\n    ):\n",
        "model WhitelabelConfiguration __init__: parameter folders_mentions annotation: "
        "official Optional[bool] vs generated Optional[str]",
    ),
    (
        "enum member",
        "models.py",
        "",
        '    left = "left"\n    right = "right"\n',
        '    left = "left"\n',
        "model Align: member right only in official",
    ),
    (
        "structure hook",
        "models.py",
        "",
        "sr.converter40.register_structure_hook(\n    SmtpSettings,  # type: ignore\n"
        "    translate_keys_structure_hook,  # type: ignore\n)",
        "",
        "module models: statement only in official: "
        "sr.converter40.register_structure_hook(SmtpSettings, translate_keys_structure_hook)",
    ),
]


@pytest.mark.parametrize(
    ("module", "after", "old", "new", "expected"),
    [m[1:] for m in MUTATIONS],
    ids=[m[0] for m in MUTATIONS],
)
def test_an_injected_difference_is_found(
    module: str, after: str, old: str, new: str, expected: str
) -> None:
    trees = dict(official_trees())
    trees[module] = mutated(trees[module], official_sources()[module], old, new, after)
    found = [str(d) for d in compare_trees(official_trees(), trees).differences]
    assert found, "the comparison found nothing"
    assert any(line.startswith(expected) for line in found), "\n".join(found)


SMALL_METHODS = """
class Looker40SDK(api_methods.APIMethods):
    def me(self, fields: Optional[str] = None) -> mdls.User:
        return self.get(path="/user", structure=mdls.User)
"""
SMALL_MODELS = """
class Align(enum.Enum):
    left = "left"
    right = "right"
"""


def test_the_command_line_exits_1_on_a_difference(tmp_path: Path) -> None:
    left, right = tmp_path / "left", tmp_path / "right"
    for folder, models in ((left, SMALL_MODELS), (right, SMALL_MODELS.replace("right", "up"))):
        folder.mkdir()
        (folder / "methods.py").write_text(SMALL_METHODS, encoding="utf-8")
        (folder / "models.py").write_text(models, encoding="utf-8")
    script = str(HERE / "compare_api.py")

    def run(a: Path, b: Path) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, script, str(a), str(b)]
        return subprocess.run(command, capture_output=True, text=True, check=False)

    differs = run(left, right)
    assert differs.returncode == 1, differs
    assert "model Align: member right only in official" in differs.stdout
    assert "model Align: member up only in generated" in differs.stdout
    same = run(left, left)
    assert same.returncode == 0, same
    assert same.stdout.startswith("0 differences"), same.stdout
