"""The committed spec is what the code generates: regenerate with `python -m service openapi`."""

import json

from service.openapi import export
from tests.conftest import ROOT


def test_committed_spec_matches_the_code():
    committed = (ROOT / "openapi" / "openapi.json").read_text()
    assert committed == export(), "openapi/openapi.json is stale: run `python -m service openapi`"


def test_spec_documents_the_operation():
    spec = json.loads(export())
    op = spec["paths"]["/v1/quotes"]["post"]
    assert op["operationId"] == "extractQuotes"
    assert set(op["requestBody"]["content"]) == {"application/json", "text/plain"}
    assert {"200", "400", "413", "415", "503"} <= set(op["responses"])
    quote = spec["components"]["schemas"]["Quote"]
    assert "description" in quote["properties"]["speaker"]
