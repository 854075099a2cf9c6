"""The light client (`client/`, distribution `quotes-client`): it builds from the service's own
wire types, installs with httpx and msgspec only, and works without anything else."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

HEAVY = ("torch", "stanza", "litestar", "uvicorn", "typer", "prometheus_client", "quote_service")


def pip(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "pip", "-q", *args], check=True, capture_output=True)


def test_the_client_installs_and_runs_without_the_service(tmp_path: Path):
    pip("wheel", "--no-deps", str(ROOT / "client"), "-w", str(tmp_path / "dist"))
    (wheel,) = (tmp_path / "dist").glob("quotes_client-*.whl")
    target = tmp_path / "site"
    pip("install", "--target", str(target), str(wheel))
    installed = {p.name.split("-")[0].lower() for p in target.glob("*.dist-info")}
    assert "quotes_client" in installed
    assert not installed & set(HEAVY), installed

    # -S: no site-packages, so only the standard library and what was installed above exist
    code = f"""
import sys
sys.path.insert(0, {str(target)!r})
import msgspec
from quotes_client import QuotesClient, QuotesResponse, __version__
body = (b'{{"quotes": [{{"id": "q1", "text": "We are ready", "start": 1, "end": 13,'
        b' "speaker": "Ana Lee", "speaker_id": "s1"}}], "speakers": [],'
        b' "meta": {{"backend": "stanza", "backend_version": "1", "models": {{}},'
        b' "nlp_ms": 1, "attribution_ms": 1}}}}')
response = msgspec.json.decode(body, type=QuotesResponse)
assert response.quotes[0].speaker == "Ana Lee"
with QuotesClient("http://127.0.0.1:9") as client:
    pass
heavy = sorted(set({HEAVY!r}) & set(sys.modules))
print(__version__, heavy)
"""
    run = subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    out = run.stdout.split()
    import service

    assert out == [service.__version__, "[]"]
