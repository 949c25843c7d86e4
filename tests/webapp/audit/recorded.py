"""Read from the code every action and kind of object the audit trail is written with.

The trail is written by `record_event` and `record_security_event` and by helpers that pass an
action of their own on to them (`record_step`, `_record_step`, `_record_failure`, ...): those are
found by reading the code, so a new helper is found too. An action is a literal, a choice of
literals, a name assigned literals in the function, or a constant or enum member of the module.
"""

from __future__ import annotations

import ast
import importlib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
WEBAPP = ROOT / "webapp"
# The writers and where each takes its action and its kind of object.
WRITERS = {"record_event": (3, "action", 1), "record_security_event": (3, "action", 1)}


class _Param:
    """An action passed in by the caller (through this parameter)."""

    def __init__(self, name: str) -> None:
        self.name = name


@dataclass
class Recorded:
    actions: dict[str, set[str]] = field(default_factory=dict)  # action -> where
    entities: dict[str, set[str]] = field(default_factory=dict)
    unread: list[str] = field(default_factory=list)  # calls whose action could not be read


def _modules():
    for path in sorted(WEBAPP.rglob("*.py")):
        relative = path.relative_to(ROOT)
        name = ".".join(relative.with_suffix("").parts).removesuffix(".__init__")
        yield name, relative, ast.parse(path.read_text(encoding="utf-8"))


def _functions(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def _params(function) -> list[str]:
    return [arg.arg for arg in (*function.args.posonlyargs, *function.args.args)]


def _callee(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _writer(writers: dict, module_name: str, call: ast.Call):
    """Return the writer a call reaches: a private helper only within its own module."""
    name = _callee(call)
    if name is None:
        return None
    if name.startswith("_"):
        return writers.get(f"{module_name}:{name}")
    return writers.get(name)


def _key(module_name: str, function) -> str:
    name = function.name
    return f"{module_name}:{name}" if name.startswith("_") else name


def _argument(call: ast.Call, index: int, keyword: str):
    if len(call.args) > index:
        return call.args[index]
    for item in call.keywords:
        if item.arg == keyword:
            return item.value
    return None


def _resolve(expr, module_name: str, function):
    """Return the set of texts an expression can be, a _Param, or None when unreadable."""
    params = _params(function) if function is not None else []
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return {expr.value}
    if isinstance(expr, ast.IfExp):
        body, orelse = (_resolve(e, module_name, function) for e in (expr.body, expr.orelse))
        if isinstance(body, set) and isinstance(orelse, set):
            return body | orelse
        return None
    if isinstance(expr, ast.Name):
        if expr.id in params:
            return _Param(expr.id)
        assigned = set()
        for node in ast.walk(function) if function is not None else ():
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == expr.id for t in node.targets
            ):
                value = _resolve(node.value, module_name, None)
                if not isinstance(value, set):
                    return None
                assigned |= value
        if assigned:
            return assigned
        return _evaluate([expr.id], module_name)
    if isinstance(expr, ast.Attribute):
        chain, node = [], expr
        while isinstance(node, ast.Attribute):
            chain.insert(0, node.attr)
            node = node.value
        if not isinstance(node, ast.Name):
            return None
        if node.id in params and chain == ["value"]:
            return _Param(node.id)  # an enum member passed in
        return _evaluate([node.id, *chain], module_name)
    return None


def _evaluate(chain: list[str], module_name: str):
    value = importlib.import_module(module_name)
    for name in chain:
        if not hasattr(value, name):
            return None
        value = getattr(value, name)
    return {str(value)} if isinstance(value, str) else None


def _writers(modules) -> dict:
    """Find every helper that passes its caller's action to a writer, however deep."""
    writers = {name: spec for name, spec in WRITERS.items()}
    while True:
        found = dict(writers)
        for module_name, _path, tree in modules:
            for function in _functions(tree):
                for call in ast.walk(function):
                    spec = isinstance(call, ast.Call) and _writer(writers, module_name, call)
                    if not spec:
                        continue
                    index, keyword, entity_index = spec
                    action = _resolve(_argument(call, index, keyword), module_name, function)
                    if isinstance(action, _Param) and _key(module_name, function) not in found:
                        params = _params(function)
                        entity = _argument(call, entity_index, "entity")
                        entity_at = (
                            params.index(entity.id)
                            if isinstance(entity, ast.Name) and entity.id in params
                            else None
                        )
                        found[_key(module_name, function)] = (
                            params.index(action.name),
                            action.name,
                            entity_at,
                        )
        if found == writers:
            return writers
        writers = found


def recorded() -> Recorded:
    """Return every action and kind of object the code writes to the audit trail."""
    modules = list(_modules())
    writers = _writers(modules)
    result = Recorded()
    for module_name, path, tree in modules:
        functions = list(_functions(tree))
        for call in ast.walk(tree):
            spec = isinstance(call, ast.Call) and _writer(writers, module_name, call)
            if not spec:
                continue
            function = next((f for f in functions if call in ast.walk(f)), None)
            where = f"{path}:{call.lineno}"
            index, keyword, entity_index = spec
            if entity_index is not None:
                entity = _resolve(_argument(call, entity_index, "entity"), module_name, function)
                for name in entity if isinstance(entity, set) else ():
                    result.entities.setdefault(name, set()).add(where)
            action = _resolve(_argument(call, index, keyword), module_name, function)
            if (
                isinstance(action, _Param)
                and function is not None
                and _key(module_name, function) in writers
            ):
                continue  # a helper passing its caller's action on: read at its callers
            if not isinstance(action, set):
                result.unread.append(where)
                continue
            for name in action:
                result.actions.setdefault(name, set()).add(where)
    return result
