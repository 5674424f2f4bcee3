"""Every call from `ui/` to the services, the exchange or the reports is an operation's work.

The rule (docs/architecture.md): such a call may only appear inside the work handed to
`Operations.run`, `.start` or `.query` (a lambda, or a function or method named there), or
inside a function that is itself called only from such work.
"""

import ast
from pathlib import Path

import charity_desktop.ui

UI = Path(charity_desktop.ui.__file__).parent
# The layers whose functions do the work; their data classes, constants and the report
# wording (pure text from data already read) are not calls into them.
WORKERS = ("charity_desktop.services", "charity_desktop.exchange", "charity_desktop.reports")
PURE = {"charity_desktop.reports.wording", "charity_desktop.services.dto"}
OPERATIONS = {"run", "start", "query"}
# The screenshot tool is a script of its own (it fills a demo database before any window).
OUTSIDE = {"screenshots.py"}


def _worker_names(tree: ast.Module) -> set[str]:
    """Names bound in the module to a worker module or one of its functions."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            module = node.module
            if not module.startswith(WORKERS) or module in PURE:
                continue
            for alias in node.names:
                name = alias.asname or alias.name
                if f"{module}.{alias.name}" in PURE or name[:1].isupper() or name.isupper():
                    continue  # a data class or a constant
                names.add(name)
    return names


def _root(call: ast.Call) -> str | None:
    function = call.func
    while isinstance(function, ast.Attribute):
        if isinstance(function.value, ast.Name):
            # module.function(...) — a capitalised attribute is a data class
            return None if function.attr[:1].isupper() else function.value.id
        function = function.value
    return function.id if isinstance(function, ast.Name) else None


def _work_given(tree: ast.Module) -> tuple[set[int], set[str]]:
    """The lambdas handed to operations (by id) and the function names handed to them."""
    lambdas, named = set(), set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in OPERATIONS
            and node.args
        ):
            work = node.args[0]
            if isinstance(work, ast.Lambda):
                lambdas.add(id(work))
            elif isinstance(work, ast.Name):
                named.add(work.id)
            elif isinstance(work, ast.Attribute):
                named.add(work.attr)
    return lambdas, named


def _calls_outside_work(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    workers = _worker_names(tree)
    lambdas, named = _work_given(tree)
    functions = {
        node.name: node
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
    }
    # Functions called from work only are work too (helpers such as a PDF's writer).
    calls_of: dict[str, list[ast.AST]] = {}
    parents: dict[int, ast.AST] = {}
    for parent in ast.walk(tree):
        for child in ast.iter_child_nodes(parent):
            parents[id(child)] = parent

    def enclosing(node: ast.AST) -> list[ast.AST]:
        chain = []
        while id(node) in parents:
            node = parents[id(node)]
            chain.append(node)
        return chain

    def in_work(node: ast.AST, work: set[str]) -> bool:
        for around in enclosing(node):
            if isinstance(around, ast.Lambda) and id(around) in lambdas:
                return True
            if isinstance(around, (ast.FunctionDef, ast.AsyncFunctionDef)) and around.name in work:
                return True
        return False

    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else None
            if isinstance(node.func, ast.Attribute):
                name = node.func.attr
            if name in functions:
                calls_of.setdefault(name, []).append(node)
    work = set(named)
    while True:
        grown = work | {
            name
            for name, calls in calls_of.items()
            if name not in work and all(in_work(call, work) for call in calls)
        }
        if grown == work:
            break
        work = grown
    return [
        f"{path.name}:{line}"
        for line in sorted(
            node.lineno
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and _root(node) in workers and not in_work(node, work)
        )
    ]


def test_the_window_calls_the_services_only_through_operations():
    found = [
        place
        for path in sorted(UI.glob("*.py"))
        if path.name not in OUTSIDE
        for place in _calls_outside_work(path)
    ]
    assert found == []


def test_the_walker_finds_a_call_made_outside_an_operation(tmp_path):
    """The rule catches a direct call, and lets the same call through inside the work."""
    source = tmp_path / "view.py"
    source.write_text(
        "from charity_desktop.services import donations\n"
        "from charity_desktop.services.office import office_info\n"
        "class View:\n"
        "    def direct(self):\n"
        "        return donations.totals(self.database, None)\n"
        "    def through(self):\n"
        "        self.ops.run(lambda: donations.totals(self.database, None))\n"
        "    def named(self):\n"
        "        def load():\n"
        "            return office_info(self.database)\n"
        "        self.ops.run(load)\n"
        "    def helper_of_work(self):\n"
        "        self.ops.start(lambda progress: _draw(self.database))\n"
        "def _draw(database):\n"
        "    return office_info(database)\n"
        "def _also_called_directly(database):\n"
        "    return office_info(database)\n"
        "class Other:\n"
        "    def go(self):\n"
        "        _also_called_directly(None)\n",
        encoding="utf-8",
    )
    assert _calls_outside_work(source) == ["view.py:5", "view.py:17"]
