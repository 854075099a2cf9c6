"""The HTTP surface: controllers (quotes, batch, health, page), request bodies, problems, API
keys, errors Litestar raises itself, and the outermost ASGI middleware."""
