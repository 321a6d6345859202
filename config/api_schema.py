"""OpenAPI postprocessing: document the error answers every operation can give.

drf-spectacular documents only the success response of each operation, yet every
operation can also answer in the one error shape from config.api (invalid input, no
credentials, a role that may not write, another organisation's record). Clients and
schemathesis' conformance checks read the schema, so it must list them.
"""

from __future__ import annotations

from typing import Any

ERROR_COMPONENT = "Error"

ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "Every error answer has this shape (config.api.exception_handler).",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["status", "code", "message", "fields"],
            "properties": {
                "status": {"type": "integer"},
                "code": {"type": "string"},
                "message": {"type": "string"},
                "fields": {
                    "type": "object",
                    "additionalProperties": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["code", "message"],
                            "properties": {
                                "code": {"type": "string"},
                                "message": {"type": "string"},
                            },
                        },
                    },
                },
            },
        }
    },
}

# Answers any operation may give, whatever its parameters.
ALWAYS = {
    "400": "The request has errors (a query parameter, the body, or its syntax).",
    "401": "No valid credentials were given.",
    "403": "The caller's role may not do this.",
    "404": "Not found, or another organisation's record (never told apart).",
    "405": "The method is not allowed here.",
    "406": "The Accept header asks for something other than JSON.",
    "429": "Too many requests.",
}
# Answers only operations that take a request body may give.
WITH_BODY = {"415": "The body's media type is not accepted."}
METHODS = {"get", "put", "post", "patch", "delete", "head", "options"}


def add_error_responses(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """Add the Error component and the error answers to every operation."""
    ref = {"$ref": f"#/components/schemas/{ERROR_COMPONENT}"}
    result.setdefault("components", {}).setdefault("schemas", {})[ERROR_COMPONENT] = (
        ERROR_SCHEMA
    )
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in METHODS:
                continue
            responses = operation.setdefault("responses", {})
            errors = dict(ALWAYS)
            if "requestBody" in operation:
                errors.update(WITH_BODY)
            for status, description in errors.items():
                responses.setdefault(
                    status,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": ref}},
                    },
                )
    return result
