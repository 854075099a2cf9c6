"""The package's layers, read off the imports: each layer imports only the layers below it.

    1. service.schemas, service.settings   wire types and configuration (msgspec only)
    2. service.nlp                         document model, the backend Protocol, the adapter
    3. service.attribution                 pure rules over documents
    4. service.pipeline                    screening, extractor, offsets, scheduler, sources, batches
    5. service.backfill                    the Ray and Parquet batch job over the pipeline
    6. service.server, service.cli         HTTP and the command line (the CLI may start the server
                                           and run a backfill)

`service.client` stands apart: it needs the wire types only, so it installs without the rest.
Every import counts, also those inside functions.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "service"

LAYERS = {
    "service": 1,
    "service.schemas": 1,
    "service.settings": 1,
    "service.nlp": 2,
    "service.attribution": 3,
    "service.pipeline": 4,
    "service.backfill": 5,
    "service.server": 6,
    "service.cli": 6,
    "service.client": 1,
    "service.__main__": 6,
}
# Third-party packages a layer must not import, whatever its position.
FORBIDDEN = {
    "service.schemas": {"litestar", "stanza", "torch", "httpx", "prometheus_client", "uvicorn"},
    "service.settings": {"litestar", "stanza", "torch", "httpx", "prometheus_client", "uvicorn"},
    "service.client": {
        "litestar",
        "stanza",
        "torch",
        "prometheus_client",
        "uvicorn",
        "typer",
        "rich",
    },
    "service.nlp": {"litestar", "prometheus_client", "uvicorn", "httpx"},
    "service.attribution": {"litestar", "stanza", "torch", "prometheus_client", "uvicorn", "httpx"},
    "service.pipeline": {"litestar", "stanza", "torch", "prometheus_client", "uvicorn", "httpx"},
    "service.backfill": {"litestar", "stanza", "torch", "prometheus_client", "uvicorn", "httpx"},
}
# Within layer 6: the CLI may start the server; the server never reaches into the CLI.
SIDEWAYS = {("service.server", "service.cli")}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def owner(module: str) -> str:
    """The most specific entry of LAYERS that `module` belongs to."""
    while module not in LAYERS:
        module = module.rpartition(".")[0]
    return module


def imports(path: Path) -> list[tuple[int, str]]:
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            # relative imports (the client's, see client/) resolved against the package
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            found += [(node.lineno, module)]
            # `from service.server import metrics` may import the module service.server.metrics
            if module.split(".")[0] == "service":
                found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
    return found


def violations(root: Path = PACKAGE) -> list[str]:
    out = []
    for path in sorted(root.rglob("*.py")):
        here = owner(module_name(path))
        for line, target in imports(path):
            where = f"{path.relative_to(ROOT)}:{line} imports {target}"
            top = target.split(".")[0]
            if top in FORBIDDEN.get(here, set()):
                out.append(f"{where}: {here} must not use {top}")
            if top != "service" or target == "service":
                continue
            there = owner(target)
            if LAYERS[there] > LAYERS[here] or (here, there) in SIDEWAYS:
                out.append(f"{where}: layer {LAYERS[here]} ({here}) reaches up to {there}")
            if here == "service.client" and there not in ("service", "service.schemas"):
                out.append(f"{where}: the client may use the wire types only")
    return out


def test_imports_only_point_down():
    assert violations() == []


def test_a_wrong_way_import_is_caught(tmp_path):
    """The check itself: a copy of the package with one upward import fails it."""
    import shutil

    copy = tmp_path / "service"
    shutil.copytree(PACKAGE, copy)
    extractor = copy / "pipeline" / "extractor.py"
    extractor.write_text("from service.server import metrics\n" + extractor.read_text())
    global ROOT
    saved, ROOT = ROOT, tmp_path
    try:
        found = violations(copy)
    finally:
        ROOT = saved
    assert found == [
        "service/pipeline/extractor.py:1 imports service.server: "
        "layer 4 (service.pipeline) reaches up to service.server",
        "service/pipeline/extractor.py:1 imports service.server.metrics: "
        "layer 4 (service.pipeline) reaches up to service.server",
    ]


@pytest.mark.parametrize(
    ("modules", "absent"),
    [
        # `quotes extract` without --url: the models in-process, no web framework
        (
            ["service.cli.app", "service.pipeline.batches", "service.pipeline.extractor"],
            {"litestar", "uvicorn", "prometheus_client"},
        ),
        # the typed client: the wire types and httpx, nothing heavy (httpx itself may pull in
        # rich for its own command line when rich is installed, so rich is not checked here)
        (["service.client"], {"litestar", "stanza", "torch", "typer", "prometheus_client"}),
    ],
)
def test_light_entry_points_stay_light(modules, absent):
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        f"print(sorted(set({sorted(absent)!r}) & set(sys.modules)))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == "[]"
