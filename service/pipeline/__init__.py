"""From texts to attributed responses: screening, the extractor, offsets, the scheduler.

Between the rules and the server: no Litestar, no Prometheus."""
