"""Who may import whom (docs/architecture.md, "Layers"): every import of the project's Python files, including
those inside functions, parsed with ast and checked against the rules below. A new import that breaks a layer
fails here with the file and line; an exception is named in ALLOWED with the reason it stays."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# (package whose files are checked, forbidden module prefixes, why)
RULES = [
    ("queue_server/rules", ("flask", "flask_socketio", "sqlalchemy", "queue_server.models", "queue_server.db",
                            "queue_server.services", "queue_server.api", "queue_server.web", "queue_server.context"),
     "rules are plain functions: no Flask, no database"),
    ("displays", ("queue_server.models", "queue_server.db", "sqlalchemy", "queue_server.api.auth"),
     "pages are clients: they read through services or the API, never the models"),
    ("kiosk", ("queue_server.models", "queue_server.db", "sqlalchemy"),
     "pages are clients: they read through services or the API, never the models"),
    ("robot_screen", ("queue_server.models", "queue_server.db", "sqlalchemy", "rasa", "rasa_sdk", "assistant"),
     "the robot's page is a client, and never needs the Rasa project"),
    ("assistant", ("queue_server", "displays", "kiosk", "robot_screen", "flask", "sqlalchemy"),
     "the Rasa project runs in its own Python 3.10 venv and talks to the server over HTTP"),
    ("printer", ("queue_server", "displays", "kiosk", "robot_screen", "flask", "sqlalchemy"),
     "the print agent runs on the kiosk's machine: a client of the API"),
    ("queue_server/services", ("queue_server.api", "queue_server.web", "displays", "kiosk", "robot_screen"),
     "services are the use cases; views call them, not the other way round"),
]

# Flask's request state: services take what they need as arguments (an adapter reads the request).
REQUEST_STATE = {"request", "session", "g"}
ALLOWED: set[tuple[str, str]] = set()  # (file, module) exceptions, each with its reason; none today


def python_files(package: str):
    return sorted(p for p in (ROOT / package).rglob("*.py") if ".venv" not in p.parts)


def imports(path: Path):
    """(line, module, names) of every import in the file, at any depth."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, ()
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module, tuple(alias.name for alias in node.names)


def matches(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def reaches(module: str, names, prefix: str) -> bool:
    """Whether `from module import names` (or `import module`) reaches `prefix`: `from queue_server import
    models` reaches queue_server.models."""
    return any(matches(candidate, prefix) for candidate in (module, *(f"{module}.{name}" for name in names)))


@pytest.mark.parametrize("package,forbidden,why", RULES, ids=[rule[0] for rule in RULES])
def test_layers(package, forbidden, why):
    broken = [f"{path.relative_to(ROOT)}:{line} imports {module} {', '.join(names)}".strip()
              for path in python_files(package) for line, module, names in imports(path)
              if any(reaches(module, names, prefix) for prefix in forbidden)]
    assert broken == [], why


def test_services_do_not_read_the_request():
    broken = [f"{path.relative_to(ROOT)}:{line} imports {', '.join(sorted(REQUEST_STATE & set(names)))} from flask"
              for path in python_files("queue_server/services") for line, module, names in imports(path)
              if module == "flask" and REQUEST_STATE & set(names)
              and (str(path.relative_to(ROOT)), "flask") not in ALLOWED]
    assert broken == [], "services take what they need as arguments; the views read the request"


def test_the_checker_sees_imports_inside_functions(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from queue_server import models\n    import sqlalchemy.orm\n")
    found = [(line, module, names) for line, module, names in imports(sample)]
    assert found == [(2, "queue_server", ("models",)), (3, "sqlalchemy.orm", ())]
    assert reaches("queue_server", ("models",), "queue_server.models")
    assert reaches("sqlalchemy.orm", (), "sqlalchemy") and not reaches("sqlalchemy_utils", (), "sqlalchemy")
