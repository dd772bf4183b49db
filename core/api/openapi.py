"""The OpenAPI 3.1 document, built from the resources and their schemas (never by hand
beside them, so it cannot drift: tests validate it and check real responses against it)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from core.api.resources import Resource
from core.api.schema import Schema, integer, obj, ref, string

VERSION = "1.0.0"
DESCRIPTION = (
    "议事平台的只读开放数据：参与式预算批次、项目提案、计票结果和一事一议奖补名单。"
    "只公开公开页面上可见的内容；计票结果和奖补名单在投票截止前不公开（返回 404）。"
    "金额一律为整数，单位为分（字段名以 _fen 结尾）；日期为 ISO 8601。"
    "列表用 limit/offset 分页并给出 total。所有响应允许任意来源跨域读取，"
    "并带 ETag，可用 If-None-Match 条件请求。"
)
ERROR = obj("错误", error=obj(status=integer("HTTP 状态码"), message=string("中文说明")))
CACHE_HEADERS = {
    "ETag": {"description": "内容摘要，可用于 If-None-Match", "schema": string()},
    "Cache-Control": {"description": "公开数据可缓存 60 秒", "schema": string()},
}


def _json(description: str, schema: Schema, *, headers: bool = False) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": description,
        "content": {"application/json": {"schema": schema}},
    }
    if headers:
        response["headers"] = CACHE_HEADERS
    return response


def operation(resource: Resource) -> dict[str, Any]:
    responses: dict[str, Any] = {
        "200": _json("成功", resource.schema, headers=True),
        "304": {"description": "内容未变（If-None-Match 与 ETag 相同）"},
    }
    for status, description in sorted(resource.errors.items()):
        responses[str(status)] = _json(description, ref("Error"))
    get: dict[str, Any] = {
        "operationId": resource.name,
        "summary": resource.summary,
        "parameters": [p.openapi() for p in resource.parameters],
        "responses": responses,
    }
    if resource.description:
        get["description"] = resource.description
    return {"get": get}


def document(resources: Sequence[Resource], schemas: dict[str, Schema]) -> dict[str, Any]:
    paths = {r.openapi_path: operation(r) for r in resources}
    paths["/openapi.json"] = {
        "get": {
            "operationId": "openapi",
            "summary": "本 OpenAPI 3.1 文档",
            "responses": {"200": _json("OpenAPI 文档", {"type": "object"})},
        }
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "议事 Yishi 开放数据 API",
            "version": VERSION,
            "description": DESCRIPTION,
        },
        "servers": [{"url": "/api/v1"}],
        "paths": paths,
        "components": {"schemas": {**schemas, "Error": ERROR}},
    }
