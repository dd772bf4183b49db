"""Topic bodies are Markdown, rendered and sanitised: nothing executable survives."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from consult.markdown import render_markdown


def _elements(html: str) -> list[tuple[str, list[str]]]:
    """The tags and attribute names the browser would build from this HTML."""
    found: list[tuple[str, list[str]]] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, [name for name, _value in attrs]))

    Collect().feed(html)
    return found


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "text <img src=x onerror=alert(1)>",
        '<a href="#" onclick="alert(1)">点我</a>',
        "<svg onload=alert(1)>",
        "<iframe src=https://evil.example></iframe>",
    ],
)
def test_raw_html_never_becomes_markup(source: str) -> None:
    elements = _elements(str(render_markdown(source)))
    assert {tag for tag, _attrs in elements} <= {"p", "a"}
    assert not [name for _tag, attrs in elements for name in attrs if name.startswith("on")]


@pytest.mark.parametrize(
    "link",
    [
        "[点我](javascript:alert(1))",
        "[点我](JaVaScRiPt:alert(1))",
        "[点我](javascript&#58;alert(1))",
        "[点我](vbscript:msgbox(1))",
        "[点我](data:text/html;base64,PHNjcmlwdD4=)",
        "<javascript:alert(1)>",
    ],
)
def test_dangerous_link_schemes_are_dropped(link: str) -> None:
    html = str(render_markdown(link))
    assert "href" not in [name for _tag, attrs in _elements(html) for name in attrs]


def test_ordinary_markdown_survives_with_safe_links() -> None:
    html = str(
        render_markdown(
            "# 标题\n\n**加粗** ~~删除~~\n\n- 一\n- 二\n\n"
            "| 类别 | 金额 |\n|---|---|\n| 道路 | 1 |\n\n"
            "[区政府](https://www.example.gov.cn)"
        )
    )
    for tag in ("<h1>", "<strong>", "<s>", "<li>", "<table>", "<td>"):
        assert tag in html
    assert 'href="https://www.example.gov.cn"' in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_event_attributes_are_stripped_even_from_allowed_tags() -> None:
    # markdown-it never emits them; nh3 is the second wall if a renderer ever did.
    import nh3

    from consult.markdown import ATTRIBUTES, TAGS

    dirty = '<p onclick="x()">a</p><a href="https://a.cn" onmouseover="x()">b</a>'
    clean = nh3.clean(dirty, tags=TAGS, attributes=ATTRIBUTES)
    assert "onclick" not in clean and "onmouseover" not in clean and "https://a.cn" in clean
