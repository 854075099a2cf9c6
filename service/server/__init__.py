"""The HTTP service: the Litestar app, its lifespan, controllers, page, metrics and logs."""
