# Compares two API 4.0 module pairs (`methods.py`, `models.py`) of the Looker Python SDK by
# parsing them with `ast` (stdlib only): the official looker-sdk's and the generated one's.
#
# Reported per method: presence, parameter names, kinds and order, annotations, defaults, the
# return annotation, decorators, and the request it makes (`self.get(path=..., structure=...)`).
# Per class of `models.py`: presence, bases and decorators; for a model its fields in order with
# annotations and defaults, its explicit `__annotations__` and its `__init__` signature; for an
# enum its members and values. Module statements other than classes (imports, the structure
# hooks the runtime needs, `X.__new__ = model.safe_enum__new__`) are compared as a multiset.
# Annotations, defaults and statements compare as `ast.unparse` text, so formatting and comments
# never count, and neither do docstrings.
#
# Usage: python compare_api.py OFFICIAL_API40_DIR OTHER_API40_DIR  (exit code 1 on a difference)
from __future__ import annotations

import ast
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

MODULES = ("methods.py", "models.py")
REQUEST_VERBS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True, order=True)
class Difference:
    """One difference: where (such as `method Looker40SDK.me` or `model WriteUser`) and what."""

    item: str
    detail: str

    def __str__(self) -> str:
        return f"{self.item}: {self.detail}"


@dataclass
class Counts:
    """How much was compared (present on both sides)."""

    methods: int = 0
    models: int = 0
    enums: int = 0
    other_classes: int = 0


@dataclass
class Report:
    differences: list[Difference] = field(default_factory=list)
    counts: Counts = field(default_factory=Counts)


class Comparison:
    """Collects the differences between the left (official) and right side."""

    def __init__(self, left: str, right: str) -> None:
        self.left = left
        self.right = right
        self.report = Report()

    def add(self, item: str, detail: str) -> None:
        self.report.differences.append(Difference(item, detail))

    def both(self, item: str, what: str, left: object, right: object) -> None:
        """Records `what` when the two sides differ."""
        if left != right:
            self.add(item, f"{what}: {self.left} {left} vs {self.right} {right}")

    def presence(
        self, left: dict, right: dict, where: Callable[[str], tuple[str, str]]
    ) -> list[str]:
        """Reports names only on one side, at `where(name)` (item, detail prefix); returns the
        names on both, in the left's order."""
        for name in left:
            if name not in right:
                item, what = where(name)
                self.add(item, f"{what}only in {self.left}")
        for name in right:
            if name not in left:
                item, what = where(name)
                self.add(item, f"{what}only in {self.right}")
        return [name for name in left if name in right]


def text(node: ast.AST | None) -> str:
    """A node as source text (`-` for none)."""
    return "-" if node is None else ast.unparse(node)


def parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def is_docstring(statement: ast.stmt) -> bool:
    return (
        isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Constant)
        and isinstance(statement.value.value, str)
    )


def classes(module: ast.Module) -> dict[str, ast.ClassDef]:
    return {node.name: node for node in module.body if isinstance(node, ast.ClassDef)}


def functions(body: list[ast.stmt]) -> dict[str, ast.FunctionDef]:
    return {node.name: node for node in body if isinstance(node, ast.FunctionDef)}


def is_enum(cls: ast.ClassDef) -> bool:
    return any(text(base).endswith("Enum") for base in cls.bases)


def parameters(function: ast.FunctionDef) -> list[tuple[str, str, str, str]]:
    """Each parameter as (name, kind, annotation, default), in order."""
    args = function.args
    positional = args.posonlyargs + args.args
    defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults))
    defaults += args.defaults
    out = []
    for index, arg in enumerate(positional):
        kind = "positional-only" if index < len(args.posonlyargs) else "positional"
        out.append((arg.arg, kind, text(arg.annotation), text(defaults[index])))
    if args.vararg:
        out.append((f"*{args.vararg.arg}", "var", text(args.vararg.annotation), "-"))
    for arg, default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
        out.append((arg.arg, "keyword-only", text(arg.annotation), text(default)))
    if args.kwarg:
        out.append((f"**{args.kwarg.arg}", "var", text(args.kwarg.annotation), "-"))
    return out


def request(function: ast.FunctionDef) -> str:
    """The `self.<verb>(...)` call a method makes, as text (`-` when there is none)."""
    for node in ast.walk(function):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in REQUEST_VERBS
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "self"
        ):
            return text(node)
    return "-"


def compare_signatures(c: Comparison, item: str, left: ast.FunctionDef, right: ast.FunctionDef):
    c.both(
        item,
        "decorators",
        [text(d) for d in left.decorator_list],
        [text(d) for d in right.decorator_list],
    )
    lp, rp = parameters(left), parameters(right)
    c.both(item, "parameters", [p[0] for p in lp], [p[0] for p in rp])
    right_by_name = {p[0]: p for p in rp}
    for name, kind, annotation, default in lp:
        other = right_by_name.get(name)
        if other is None:
            continue
        c.both(item, f"parameter {name} kind", kind, other[1])
        c.both(item, f"parameter {name} annotation", annotation, other[2])
        c.both(item, f"parameter {name} default", default, other[3])
    c.both(item, "return annotation", text(left.returns), text(right.returns))


def compare_fields(c: Comparison, item: str, left: ast.ClassDef, right: ast.ClassDef) -> None:
    def fields(cls: ast.ClassDef) -> dict[str, tuple[str, str]]:
        return {
            node.target.id: (text(node.annotation), text(node.value))
            for node in cls.body
            if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
        }

    lf, rf = fields(left), fields(right)
    for name in c.presence(lf, rf, lambda name: (item, f"field {name} ")):
        c.both(item, f"field {name} annotation", lf[name][0], rf[name][0])
        c.both(item, f"field {name} default", lf[name][1], rf[name][1])
    common = [name for name in lf if name in rf]
    c.both(item, "field order", common, [name for name in rf if name in lf])

    def explicit_annotations(cls: ast.ClassDef) -> dict[str, str] | None:
        for node in cls.body:
            if (
                isinstance(node, ast.Assign)
                and [text(t) for t in node.targets] == ["__annotations__"]
                and isinstance(node.value, ast.Dict)
            ):
                return {
                    text(key): text(value)
                    for key, value in zip(node.value.keys, node.value.values, strict=True)
                }
        return None

    la, ra = explicit_annotations(left), explicit_annotations(right)
    if la is None or ra is None:
        c.both(item, "explicit __annotations__", la is not None, ra is not None)
    else:
        for key in la:
            c.both(item, f"__annotations__[{key}]", la[key], ra.get(key, "absent"))
        for key in ra:
            if key not in la:
                c.both(item, f"__annotations__[{key}]", "absent", ra[key])


def compare_enum(c: Comparison, item: str, left: ast.ClassDef, right: ast.ClassDef) -> None:
    def members(cls: ast.ClassDef) -> dict[str, str]:
        return {
            node.targets[0].id: text(node.value)
            for node in cls.body
            if isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
        }

    lm, rm = members(left), members(right)
    for name in c.presence(lm, rm, lambda name: (item, f"member {name} ")):
        c.both(item, f"member {name} value", lm[name], rm[name])
    c.both(item, "member order", [n for n in lm if n in rm], [n for n in rm if n in lm])


def compare_class(c: Comparison, kind: str, left: ast.ClassDef, right: ast.ClassDef) -> None:
    item = f"{kind} {left.name}"
    c.both(item, "bases", [text(b) for b in left.bases], [text(b) for b in right.bases])
    c.both(
        item,
        "decorators",
        [text(d) for d in left.decorator_list],
        [text(d) for d in right.decorator_list],
    )
    if is_enum(left) or is_enum(right):
        c.report.counts.enums += 1
        compare_enum(c, item, left, right)
        return
    compare_fields(c, item, left, right)
    lf, rf = functions(left.body), functions(right.body)
    if kind == "model":
        c.report.counts.models += 1
    elif lf:
        c.report.counts.other_classes += 1

    def function_item(name: str) -> str:
        # A model's `__init__` (and any other function) belongs to the model's item.
        return f"{item} {name}" if kind == "model" else f"method {left.name}.{name}"

    for name in c.presence(lf, rf, lambda name: (function_item(name), "")):
        compare_signatures(c, function_item(name), lf[name], rf[name])
        if kind != "model":
            c.report.counts.methods += 1
            c.both(function_item(name), "request", request(lf[name]), request(rf[name]))


def compare_statements(c: Comparison, module: str, left: ast.Module, right: ast.Module) -> None:
    def statements(tree: ast.Module) -> Counter[str]:
        return Counter(
            text(node)
            for node in tree.body
            if not isinstance(node, ast.ClassDef) and not is_docstring(node)
        )

    ls, rs = statements(left), statements(right)
    for statement in sorted((ls - rs).elements()):
        c.add(f"module {module}", f"statement only in {c.left}: {statement}")
    for statement in sorted((rs - ls).elements()):
        c.add(f"module {module}", f"statement only in {c.right}: {statement}")


def compare_trees(
    left: dict[str, ast.Module],
    right: dict[str, ast.Module],
    left_label: str = "official",
    right_label: str = "generated",
) -> Report:
    """Compares parsed module pairs keyed by file name (`methods.py`, `models.py`)."""
    c = Comparison(left_label, right_label)
    for module in MODULES:
        kind = "model" if module == "models.py" else "class"
        lc, rc = classes(left[module]), classes(right[module])
        for name in c.presence(lc, rc, lambda name, kind=kind: (f"{kind} {name}", "")):
            compare_class(c, kind, lc[name], rc[name])
        compare_statements(c, module.removesuffix(".py"), left[module], right[module])
    c.report.differences.sort()
    return c.report


def compare_dirs(
    left: Path, right: Path, left_label: str = "official", right_label: str = "generated"
) -> Report:
    """Compares the `methods.py` and `models.py` of two `sdk/api40` folders."""
    return compare_trees(
        {m: parse(left / m) for m in MODULES},
        {m: parse(right / m) for m in MODULES},
        left_label,
        right_label,
    )


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__ or "usage: compare_api.py OFFICIAL_API40_DIR OTHER_API40_DIR")
        return 2
    report = compare_dirs(Path(argv[0]), Path(argv[1]))
    for difference in report.differences:
        print(difference)
    counts = report.counts
    print(
        f"{len(report.differences)} differences; compared {counts.methods} methods, "
        f"{counts.models} models, {counts.enums} enums"
    )
    return 1 if report.differences else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
