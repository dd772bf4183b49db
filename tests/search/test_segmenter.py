"""The segmenter and the snippets: pure functions, no database."""

from __future__ import annotations

from core.search import segmenter, snippets


def test_search_mode_keeps_the_short_words_inside_a_long_one() -> None:
    words = segmenter.words("村东头安装太阳能路灯")
    assert "路灯" in words and "太阳能" in words and "太阳" in words


def test_domain_terms_stay_whole() -> None:
    assert "一事一议" in segmenter.words("按一事一议筹资筹劳")
    assert "公示" in segmenter.words("结果公示七天")


def test_punctuation_and_full_width_forms_are_not_words() -> None:
    words = segmenter.words("路灯，硬化！ＡＢＣ１２３")
    assert "，" not in words and "！" not in words
    assert "abc123" in words or ("abc" in words and "123" in words)
    assert segmenter.query_words("“路灯”、路灯。") == ["路灯"]


def test_an_added_area_name_is_one_word() -> None:
    segmenter.add_words(["吴家堡街道"])
    assert "吴家堡街道" in segmenter.words("吴家堡街道的项目")


def test_the_dictionary_is_loaded_once_and_timed() -> None:
    first = segmenter.tokenizer()
    assert segmenter.tokenizer() is first
    assert 0 < segmenter.LOADED["seconds"] < 30


def test_a_snippet_is_escaped_and_marks_the_words() -> None:
    text = "<script>alert(1)</script> 村东头安装太阳能路灯，方便夜间出行。"
    html = str(snippets.snippet(text, ["路灯"]))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<mark>路灯</mark>" in html


def test_a_snippet_finds_full_width_text_and_shows_it_as_written() -> None:
    html = str(snippets.mark("ＬＥＤ路灯", ["led"]))
    assert html == "<mark>ＬＥＤ</mark>路灯"


def test_a_long_text_is_cut_around_the_first_word() -> None:
    text = "前言" * 100 + "道路硬化工程" + "后记" * 100
    html = str(snippets.snippet(text, ["硬化"]))
    assert html.startswith("…") and html.endswith("…")
    assert "<mark>硬化</mark>" in html and len(html) < 200
