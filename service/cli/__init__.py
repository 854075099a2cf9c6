"""The command line (`quotes`, `python -m service`): serve, extract, evaluate, openapi, models."""
