"""HTTP layer: request/response schemas, controllers and error mapping."""
