"""The OpenAPI 3.1 document (placeholder, completed with the API tests)."""


def build_spec() -> dict:
    """Return the OpenAPI document as a dict."""
    return {"openapi": "3.1.0", "info": {"title": "Mobilité Haut-Jura", "version": "1"},
            "paths": {}}
