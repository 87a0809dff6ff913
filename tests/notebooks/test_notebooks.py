"""Every analyst notebook runs top to bottom; a notebook that raises fails the suite.

The notebooks live in ``notebooks/`` as jupytext ``py:percent`` files (the
source of truth in git). Each is converted in memory and executed with
nbclient on a python3 kernel of this very interpreter, in a temporary working
directory, with the checkout first on the kernel's ``sys.path``. The Neo4j
notebook gets the session's test server through the ``NEO4J_*`` variables it
reads like any analyst would.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from pathlib import Path

import jupytext
import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from traitlets import default

from graph.neo4j_settings import ConnectionSettings
from graph.neo4j_store import Neo4jStore

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
#: Notebooks that need a Neo4j server, by file stem.
NEEDS_NEO4J = {"02-neo4j"}
#: Seconds one cell may take (a cold start on two busy cores is slow).
CELL_TIMEOUT = 300


class ThisPythonKernel(AsyncKernelManager):
    """A kernel manager that knows only ipykernel's own python3 spec.

    That spec runs ``sys.executable``, so the kernel is this interpreter (the
    project's .venv), whatever other kernel specs the machine has installed.
    """

    @default("kernel_spec_manager")
    def _kernel_spec_manager_default(self) -> KernelSpecManager:
        return KernelSpecManager(kernel_dirs=[], parent=self)


class NotebookFailed(AssertionError):
    """A notebook cell raised; the message names the notebook and shows the cell."""


def notebook_sources() -> list[Path]:
    return sorted(NOTEBOOKS.glob("*.py"))


def run_notebook(
    source: Path, cwd: Path, env: Mapping[str, str | None] | None = None
) -> nbformat.NotebookNode:
    """Execute the jupytext file ``source`` in ``cwd``; return the executed notebook.

    ``env`` adds variables to the kernel's environment (``None`` removes one).
    The kernel is :class:`ThisPythonKernel`.

    Raises
    ------
    NotebookFailed
        When a cell raises: execution stops there, and the message carries the
        notebook's name, the cell and the error.
    """
    __tracebackhide__ = True
    notebook = jupytext.read(source)
    kernel_env = dict(os.environ)
    kernel_env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p
    )
    for name, value in (env or {}).items():
        if value is None:
            kernel_env.pop(name, None)
        else:
            kernel_env[name] = value
    client = NotebookClient(
        notebook,
        kernel_name="python3",
        kernel_manager_class=ThisPythonKernel,
        timeout=CELL_TIMEOUT,
        startup_timeout=120,
        resources={"metadata": {"path": str(cwd)}},
    )
    try:
        client.execute(env=kernel_env)
    except CellExecutionError as exc:
        raise NotebookFailed(f"notebook {source.name} failed:\n{exc}") from None
    return notebook


def outputs_text(notebook: nbformat.NotebookNode) -> str:
    """Everything the notebook printed, as one string."""
    parts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                parts.append(output["text"])
    return "".join(parts)


def _params() -> list[object]:
    return [
        pytest.param(
            source,
            id=source.stem,
            marks=[pytest.mark.neo4j] if source.stem in NEEDS_NEO4J else [],
        )
        for source in notebook_sources()
    ]


def _wipe(settings: ConnectionSettings) -> None:
    with Neo4jStore(settings.uri, settings.user, settings.password, settings.database) as store:
        store.execute("MATCH (n) DETACH DELETE n", write=True)


def test_the_three_notebooks_are_there() -> None:
    stems = [p.stem for p in notebook_sources()]
    assert stems == ["01-tour", "02-neo4j", "03-policy-analysis"]


@pytest.mark.parametrize("source", _params())
def test_notebook_runs(source: Path, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    env: dict[str, str | None] = {}
    settings = None
    if source.stem in NEEDS_NEO4J:
        settings = request.getfixturevalue("neo4j_server")
        env = {
            "NEO4J_URI": settings.uri,
            "NEO4J_USER": settings.user,
            "NEO4J_PASSWORD": settings.password,
            "NEO4J_DATABASE": settings.database,
        }
        # The notebook checks its answers against the in-memory graph only when
        # the database held nothing else; the suite's server may be wiped.
        _wipe(settings)
    try:
        notebook = run_notebook(source, tmp_path, env)
    finally:
        if settings is not None:
            _wipe(settings)
    printed = outputs_text(notebook)
    if source.stem == "02-neo4j":
        assert "identical to the graph pushed" in printed
        assert "refused" in printed
    if source.stem == "03-policy-analysis":
        assert "every statement of the conclusion holds" in printed


FAILING = """\
# %%
print("first cell ran")

# %%
raise RuntimeError("deliberate failure in a notebook")

# %%
open("after.txt", "w").write("the cell after the failure ran")
"""


def test_a_notebook_that_raises_fails(tmp_path: Path) -> None:
    source = tmp_path / "failing.py"
    source.write_text(FAILING, encoding="utf-8")
    with pytest.raises(NotebookFailed) as failure:
        run_notebook(source, tmp_path)
    message = str(failure.value)
    assert "failing.py" in message
    assert "RuntimeError" in message and "deliberate failure in a notebook" in message
    assert not (tmp_path / "after.txt").exists(), "execution must stop at the failing cell"


def test_notebooks_run_in_the_given_folder(tmp_path: Path) -> None:
    source = tmp_path / "where.py"
    source.write_text(
        "# %%\nimport os\nimport graph\nprint(os.getcwd())\nprint(graph.__file__)\n",
        encoding="utf-8",
    )
    printed = outputs_text(run_notebook(source, tmp_path)).splitlines()
    assert Path(printed[0]).resolve() == tmp_path.resolve()
    assert Path(printed[1]).resolve().is_relative_to(ROOT), "the kernel imports this checkout"


def _git(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)


@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="not a git checkout")
def test_no_notebook_with_outputs_is_committed() -> None:
    listed = _git("ls-files", "*.ipynb")
    assert listed.returncode == 0, listed.stderr
    committed = [line for line in listed.stdout.splitlines() if line]
    with_outputs = []
    for name in committed:
        notebook = nbformat.read(ROOT / name, as_version=4)
        for cell in notebook.cells:
            if cell.get("outputs") or cell.get("execution_count"):
                with_outputs.append(name)
                break
    assert not with_outputs, f"notebooks committed with outputs: {with_outputs}"
    # Notebooks generated from the py:percent files (make notebooks) stay out of git.
    ignored = _git("check-ignore", "-q", "notebooks/01-tour.ipynb")
    assert ignored.returncode == 0, "notebooks/*.ipynb should be listed in .gitignore"
