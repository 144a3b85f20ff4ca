"""The architecture holds (docs/architecture.md): what import-linter cannot see, these checks do.

- A request handler never touches the ORM: no ``Model.objects`` (or ``_default_manager``) in a view
  module, the public site or the API. Reads go through a domain ``queries`` module, writes through
  ``services`` (as the NHS breast-screening service checks its views).
- Dependencies are explicit imports: no ``importlib`` look-ups of carewatch's own modules, no
  ``try: import carewatch… except ImportError``, no ``AppConfig.ready()`` filling a registry.
- The contracts themselves fail when broken: import-linter is run on a copy of the contract with a
  forbidden import added.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "carewatch"
MANAGER_ATTRIBUTES = {"objects", "_default_manager", "_base_manager"}


def python_files(where: Path) -> list[Path]:
    return sorted(path for path in where.rglob("*.py") if "migrations" not in path.parts)


def is_interface(path: Path) -> bool:
    """A request handler: a views module or package anywhere, or anything in the public site or the API."""
    parts = path.relative_to(PACKAGE).parts
    return (
        parts[0] in {"public", "api"}
        or "views" in parts
        or path.name == "views.py"
        or path.name.endswith("_views.py")
    )


def shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def manager_uses(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [
        f"{shown(path)}:{node.lineno} uses .{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in MANAGER_ATTRIBUTES
    ]


def test_no_view_public_page_or_api_endpoint_reads_the_database_through_a_model_manager():
    interfaces = [path for path in python_files(PACKAGE) if is_interface(path)]
    assert len(interfaces) > 10, "the interface modules were not found"
    found = [use for path in interfaces for use in manager_uses(path)]
    assert found == [], "views must call a queries or services module:\n" + "\n".join(found)


def test_the_manager_check_finds_a_manager_in_a_view(tmp_path):
    view = tmp_path / "views.py"
    view.write_text("def page(request):\n    return Location.objects.filter(pk=1)\n")
    assert manager_uses(view) == [f"{view}:2 uses .objects"]


def hidden_dependencies(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [alias.name for alias in node.names]
            from_importlib = isinstance(node, ast.ImportFrom) and node.module == "importlib"
            package_data_only = from_importlib and names == ["resources"]
            if ("importlib" in names or from_importlib) and not package_data_only:
                found.append(f"{shown(path)}:{node.lineno} imports importlib")
        if isinstance(node, ast.Try):
            catches_import_error = any(
                isinstance(handler.type, ast.Name)
                and handler.type.id in {"ImportError", "ModuleNotFoundError"}
                for handler in node.handlers
            )
            imports_own = any(
                isinstance(inner, ast.ImportFrom) and (inner.module or "").startswith("carewatch")
                for statement in node.body
                for inner in ast.walk(statement)
            )
            if catches_import_error and imports_own:
                found.append(f"{shown(path)}:{node.lineno} hides an import of carewatch")
        if isinstance(node, ast.FunctionDef) and node.name == "ready" and path.name == "apps.py":
            found.append(f"{shown(path)}:{node.lineno} wires apps together in ready()")
    return found


def test_every_dependency_between_carewatchs_modules_is_an_explicit_import():
    found = [problem for path in python_files(PACKAGE) for problem in hidden_dependencies(path)]
    assert found == [], "\n".join(found)


def test_the_hidden_dependency_check_finds_each_kind(tmp_path):
    module = tmp_path / "apps.py"
    module.write_text(
        "import importlib\n"
        "try:\n    from carewatch.cases import triggers\nexcept ImportError:\n    triggers = None\n"
        "class Config:\n    def ready(self):\n        pass\n"
    )
    assert hidden_dependencies(module) == [
        f"{module}:1 imports importlib",
        f"{module}:2 hides an import of carewatch",
        f"{module}:7 wires apps together in ready()",
    ]


def lint_imports(config: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports")), "--config", str(config), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_import_linter_fails_when_a_domain_app_imports_an_interface(tmp_path):
    """Break a boundary on purpose: register (a domain app) imports the public site."""
    probe = PACKAGE / "register" / "_boundary_probe.py"
    probe.write_text(
        '"""Deliberately broken boundary (tests/test_architecture.py)."""\n\nfrom carewatch.public import urls  # noqa: F401\n'
    )
    try:
        result = lint_imports(ROOT / "pyproject.toml")
    finally:
        probe.unlink()
    assert result.returncode != 0
    assert "carewatch.register is not allowed to import carewatch.public" in result.stdout
