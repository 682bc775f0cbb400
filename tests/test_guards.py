"""Guards that read the syntax tree (Python's ast), so that a rule cannot be broken by writing it
differently: statuses change only in each workflow's one transition function; apps import only the
apps below them; migrations are frozen. Each guard is shown failing on a planted violation.
"""

import ast
import sys
from pathlib import Path

from django.apps import apps
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
PROJECT = "thiduaportal"
# Project apps in their dependency order (INSTALLED_APPS): each may import only those before it.
APPS = [name for name in settings.INSTALLED_APPS if (ROOT / name / "apps.py").exists()]
WORKFLOW_APPS = [name for name in APPS if (ROOT / name / "workflow.py").exists()]
WRITING_METHODS = {"update", "bulk_update", "create", "get_or_create", "update_or_create", "bulk_create"}


def app_modules(app: str):
    """(path relative to the project, source) of every module of an app, migrations aside."""
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.parts:
            yield str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")


def imported_apps(tree: ast.AST, module: str) -> set[str]:
    """The project apps a module imports (relative imports count as its own app)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            found.add(module.split("/")[0] if node.level else (node.module or "").split(".")[0])
    return found & {*APPS, PROJECT}


# --- statuses change only through the transition table -----------------------------------------


def _names_status(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value == "status"


def _dict_sets_status(node: ast.AST) -> bool:
    return isinstance(node, ast.Dict) and any(_names_status(key) for key in node.keys if key is not None)


def _call_writes_status(call: ast.Call, models: set[str]) -> bool:
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    if name == "setattr":
        return len(call.args) >= 2 and _names_status(call.args[1])
    if name not in WRITING_METHODS and name not in models:
        return False
    for keyword in call.keywords:
        if keyword.arg == "status":
            return True
        if keyword.arg in (None, "defaults", "create_defaults") and _dict_sets_status(keyword.value):
            return True  # .update(**{"status": ...}), get_or_create(defaults={"status": ...})
    if name == "bulk_update":
        fields = [*call.args[1:2], *(k.value for k in call.keywords if k.arg == "fields")]
        return any(_names_status(element) for value in fields for element in ast.walk(value))
    return False


def status_writes(source: str, path: str, models: set[str]) -> list[tuple[str, str, int]]:
    """(path, enclosing function, line) of every write of a `status`: an assignment to `.status`,
    setattr(obj, "status", ...), a status keyword of a writing call or a model constructor (however
    it is spread over lines), bulk_update(..., ["status"])."""
    writes = []

    def visit(node: ast.AST, function: str) -> None:
        for child in ast.iter_child_nodes(node):
            scope = child.name if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else function
            targets = []
            if isinstance(child, ast.Assign):
                targets = child.targets
            elif isinstance(child, ast.AugAssign | ast.AnnAssign):
                targets = [child.target]
            for target in targets:
                for element in ast.walk(target):
                    if isinstance(element, ast.Attribute) and element.attr == "status":
                        writes.append((path, scope, child.lineno))
            if isinstance(child, ast.Call) and _call_writes_status(child, models):
                writes.append((path, scope, child.lineno))
            visit(child, scope)

    visit(ast.parse(source), "<module>")
    return writes


def workflow_models() -> set[str]:
    """The names of the models that have a workflow (a status field, in an app with workflow.py)."""
    return {
        model.__name__
        for name in WORKFLOW_APPS
        for model in apps.get_app_config(name).get_models()
        if any(field.name == "status" for field in model._meta.get_fields())
    }


def modules_reaching_workflows():
    """Every module of a workflow app, and every module of another app that imports one."""
    for app in APPS:
        for path, source in app_modules(app):
            if app in WORKFLOW_APPS or imported_apps(ast.parse(source), path) & set(WORKFLOW_APPS):
                yield path, source


def test_every_workflow_app_writes_statuses_in_its_one_transition_function():
    models = workflow_models()
    assert models >= {"Idea", "Nomination"}
    writes = [w for path, source in modules_reaching_workflows() for w in status_writes(source, path, models)]
    for app in WORKFLOW_APPS:
        own = [(path, function) for path, function, _line in writes if path.startswith(f"{app}/")]
        assert len(own) == 1, f"{app}: statuses written in {own}"
        path, function = own[0]
        assert path == f"{app}/services.py" and function.endswith("_transition"), own
    assert len(writes) == len(WORKFLOW_APPS), writes


def test_the_status_guard_sees_every_spelling_of_a_write():
    planted = {
        "ideas/views.py": 'Idea.objects.filter(pk=1).update(\n    status="approved"\n)',
        "ideas/admin.py": 'setattr(idea, "status", "approved")',
        "ideas/forms.py": 'Idea.objects.bulk_update(ideas, ["title", "status"])',
        "ideas/selectors.py": "idea.status = Status.APPROVED",
        "awards/views.py": 'Nomination.objects.filter(pk=1).update(**{"status": "conferred"})',
        "awards/demo.py": 'Idea.objects.get_or_create(title="x", defaults={"status": "recognised"})',
        "stats/views.py": 'Nomination(phase=phase, status="approved").save()',
    }
    for path, source in planted.items():
        assert status_writes(source, path, {"Idea", "Nomination"}), path
    assert not status_writes("if idea.status == Status.DRAFT:\n    pass", "ideas/views.py", {"Idea"})
    assert not status_writes('Idea.objects.filter(status="draft")', "ideas/views.py", {"Idea"})


# --- apps depend on the apps below them only --------------------------------------------------


def upward_imports() -> list[tuple[str, str]]:
    found = []
    for index, app in enumerate(APPS):
        allowed = {*APPS[: index + 1], PROJECT}
        for path, source in app_modules(app):
            found += [(path, other) for other in imported_apps(ast.parse(source), path) - allowed]
    return found


def test_no_app_imports_an_app_above_it():
    core = ["accounts", "movement", "notifications", "ideas", "awards", "stats"]
    assert [app for app in APPS if app in core] == core
    assert upward_imports() == []


def test_the_layering_guard_sees_an_upward_import():
    tree = ast.parse("from awards.models import Nomination\nimport ideas.selectors")
    assert imported_apps(tree, "notifications/services/daily.py") == {"awards", "ideas"}


# --- migrations are frozen --------------------------------------------------------------------

# Django writes a reference to a field's upload_to callable into the migration; it is never called there.
FIELD_CALLABLES = {"ideas.models": {"attachment_path"}, "awards.models": {"nomination_attachment_path"}}


def migration_problems(source: str, path: str) -> list[str]:
    """Imports of live project code (anything but Django, the standard library and the field
    callables Django refers to), and branches on `schema_editor is None` (a test's artefact)."""
    problems = []
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            modules = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            for module in modules:
                top = module.split(".")[0]
                if (
                    top in ("django", "__future__")
                    or top in sys.stdlib_module_names
                    or module in FIELD_CALLABLES
                ):
                    continue
                problems.append(f"{path}:{node.lineno} imports {module}")
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute):
            module = f"{getattr(node.value.value, 'id', '')}.{node.value.attr}"
            if module in FIELD_CALLABLES and node.attr not in FIELD_CALLABLES[module]:
                problems.append(f"{path}:{node.lineno} uses {module}.{node.attr}")
        elif (
            isinstance(node, ast.Compare)
            and isinstance(node.left, ast.Name)
            and node.left.id == "schema_editor"
            and any(isinstance(side, ast.Constant) and side.value is None for side in node.comparators)
        ):
            problems.append(f"{path}:{node.lineno} branches on schema_editor being None")
    return problems


def test_migrations_are_frozen():
    problems = []
    for app in APPS:
        for path in sorted((ROOT / app / "migrations").glob("*.py")):
            problems += migration_problems(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert problems == []


def test_the_migration_guard_sees_live_code_and_test_branches():
    assert migration_problems("from awards.text import fold", "awards/migrations/0009.py")
    assert migration_problems("def f(apps, schema_editor):\n    from ideas.search import fold", "m.py")
    assert migration_problems("import ideas.models\nx = ideas.models.search_text_for", "m.py")
    assert migration_problems("if schema_editor is None:\n    pass", "m.py")
    assert not migration_problems("import re\nimport ideas.models\nx = ideas.models.attachment_path", "m.py")


# --- one-line text is cleaned by one field ----------------------------------------------------------


def test_every_one_line_text_field_of_every_form_is_a_single_line_field():
    """Titles, decision numbers, sources…: a plain CharField would keep control and zero-width
    characters (thiduaportal.fields.SingleLineField strips them, everywhere alike)."""
    import importlib
    import inspect

    from django import forms

    from thiduaportal.fields import SingleLineField

    plain = []
    for app in APPS:
        if not (ROOT / app / "forms.py").exists():
            continue
        module = importlib.import_module(f"{app}.forms")
        for name, form in inspect.getmembers(module, inspect.isclass):
            if not issubclass(form, forms.BaseForm) or form.__module__ != module.__name__:
                continue
            for field_name, field in form.base_fields.items():
                multi_line = isinstance(
                    field.widget, forms.Textarea | forms.PasswordInput | forms.HiddenInput
                )
                if type(field) is forms.CharField and not multi_line:
                    plain.append(f"{app}.{name}.{field_name}")
            assert not any(isinstance(field, SingleLineField) and isinstance(field.widget, forms.Textarea)
                           for field in form.base_fields.values()), name  # fmt: skip
    assert plain == []
