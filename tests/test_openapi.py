"""The committed spec is what the code generates: regenerate with `python -m service openapi`."""

import json

from service.server.openapi import export
from tests.conftest import ROOT


def test_committed_spec_matches_the_code():
    committed = (ROOT / "openapi" / "openapi.json").read_text()
    assert committed == export(), "openapi/openapi.json is stale: run `python -m service openapi`"


def test_spec_documents_the_operation():
    spec = json.loads(export())
    op = spec["paths"]["/v1/quotes"]["post"]
    assert op["operationId"] == "extractQuotes"
    assert set(op["requestBody"]["content"]) == {"application/json", "text/plain"}
    json_body = op["requestBody"]["content"]["application/json"]["schema"]
    assert json_body == {"$ref": "#/components/schemas/QuotesRequest"}
    assert spec["components"]["schemas"]["QuotesRequest"]["required"] == ["text"]
    assert {"200", "400", "413", "415", "503"} <= set(op["responses"])
    quote = spec["components"]["schemas"]["Quote"]
    assert "description" in quote["properties"]["speaker"]


def test_spec_documents_the_batch_and_offsets():
    spec = json.loads(export())
    batch = spec["paths"]["/v1/quotes:batch"]["post"]
    assert batch["operationId"] == "extractQuotesBatch"
    body = batch["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/BatchRequest"}
    documents = spec["components"]["schemas"]["BatchRequest"]["properties"]["documents"]
    assert documents["items"] == {"$ref": "#/components/schemas/BatchDocument"}
    assert (documents["minItems"], documents["maxItems"]) == (1, 64)
    assert {"200", "400", "413", "415", "503"} <= set(batch["responses"])
    item = spec["components"]["schemas"]["BatchItem"]["properties"]
    assert {"id", "status", "result", "error"} <= set(item)
    for path in ("/v1/quotes", "/v1/quotes:batch"):
        (offsets,) = [
            p for p in spec["paths"][path]["post"]["parameters"] if p["name"] == "offsets"
        ]
        assert offsets["in"] == "query" and not offsets["required"]
        assert "utf16" in offsets["description"]
    assert spec["components"]["schemas"]["OffsetUnit"]["enum"] == ["codepoint", "utf16"]


def test_security_is_optional_everywhere_and_absent_on_the_probes():
    spec = json.loads(export())
    assert {} in spec["security"] and {"bearer": []} in spec["security"]
    assert set(spec["components"]["securitySchemes"]) == {"bearer", "apiKey"}
    for probe in ("/health/live", "/health/ready"):
        assert spec["paths"][probe]["get"]["security"] == [{}]


def _readme_statuses() -> dict[str, dict[int, str]]:
    """README's table of statuses per operation: {operation path: {status: cell}}."""
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    head = next(i for i, line in enumerate(lines) if line.startswith("| status | `POST /v1/"))
    paths = [c.strip(" `").removeprefix("POST ") for c in lines[head].strip("|").split("|")[1:-1]]
    table: dict[str, dict[int, str]] = {p: {} for p in paths}
    for line in lines[head + 2 :]:
        if not line.startswith("|"):
            break
        status, *cells = (c.strip() for c in line.strip("|").split("|"))
        for path, cell in zip(paths, cells, strict=False):
            table[path][int(status)] = cell
    return table


def test_every_status_the_readme_documents_is_in_the_spec_and_no_other():
    table = _readme_statuses()
    assert set(table) == {"/v1/quotes", "/v1/quotes:batch"}
    spec = json.loads(export())
    for path, statuses in table.items():
        documented = {status for status, cell in statuses.items() if cell == "yes"}
        assert {200, 400, 503} <= documented
        responses = spec["paths"][path]["post"]["responses"]
        assert documented == {int(s) for s in responses}, path
        for status in documented - {200}:
            assert "application/problem+json" in responses[str(status)]["content"], (path, status)
    assert table["/v1/quotes"][422] == "yes"
