"""The command line (`quotes`, `python -m service`): serve, extract, backfill, evaluate, openapi,
models."""
