"""Small builders for the JSON Schemas (OpenAPI 3.1) that document each resource.

Every object is closed (``additionalProperties: false``) and every property required, so a
schema is the exact whitelist of keys a response carries: a test validates real responses
against it, which keeps the document and the serialisers in step both ways.
"""

from __future__ import annotations

from typing import Any

Schema = dict[str, Any]


def obj(doc: str = "", /, **properties: Schema) -> Schema:
    """A closed object; `doc` is positional so that a property may be called description."""
    schema: Schema = {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }
    if doc:
        schema["description"] = doc
    return schema


def string(description: str = "", *, fmt: str = "", enum: list[str] | None = None) -> Schema:
    schema: Schema = {"type": "string"}
    if description:
        schema["description"] = description
    if fmt:
        schema["format"] = fmt
    if enum is not None:
        schema["enum"] = enum
    return schema


def integer(description: str = "") -> Schema:
    return {"type": "integer", "description": description} if description else {"type": "integer"}


def fen(description: str) -> Schema:
    """Money: integer fen (分), never a float. ¥1.00 is 100."""
    return {"type": "integer", "description": f"{description}（单位：分）"}


def boolean(description: str = "") -> Schema:
    return {"type": "boolean", "description": description} if description else {"type": "boolean"}


def nullable(schema: Schema) -> Schema:
    """The same value, or null (OpenAPI 3.1 spells it as a type list)."""
    copy = dict(schema)
    kind = copy.get("type")
    if isinstance(kind, str):
        copy["type"] = [kind, "null"]
        if "enum" in copy:
            copy["enum"] = [*copy["enum"], None]
        return copy
    return {"anyOf": [schema, {"type": "null"}]}


def array(items: Schema, description: str = "") -> Schema:
    schema: Schema = {"type": "array", "items": items}
    if description:
        schema["description"] = description
    return schema


def ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def page_of(item: str, description: str) -> Schema:
    """A page of a list: the items and where they sit in the whole."""
    return obj(
        description,
        items=array(ref(item)),
        total=integer("符合条件的总条数"),
        limit=integer("本页最多条数"),
        offset=integer("本页第一条在全部结果中的位置（从 0 起）"),
    )
