"""Chinese word segmentation (分词) with jieba, for the index and for queries alike.

Chinese has no spaces between words, so neither PostgreSQL's parser nor SQLite's FTS5
tokenizer can find "路灯" inside "村东头安装太阳能路灯". jieba cuts the text into words
and we store them separated by spaces; both databases then index whole words. Index and
query use jieba's search mode, which adds the shorter dictionary words inside a long one
(太阳能 → 太阳, 太阳能), so a query for a part finds the whole.

The dictionary (~350,000 words) costs about a second to load (0.4 s from jieba's cache
file): it is loaded lazily, once per process, on the first text to segment; ``LOADED``
records how long that took. The domain's terms (``terms.txt``: 一事一议, 公示, 路灯, 硬化…)
and the area names (added by :func:`add_words` when the index first runs and when an
area is made) keep such names whole.
"""

from __future__ import annotations

import logging
import threading
import time
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jieba

TERMS = Path(__file__).with_name("terms.txt")
log = logging.getLogger("yishi.search")

_lock = threading.Lock()
_tokenizer: jieba.Tokenizer | None = None
LOADED: dict[str, float] = {}  # "seconds": how long this process took to load jieba


def tokenizer() -> jieba.Tokenizer:
    """The process's one jieba tokenizer, loaded on first use."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                _tokenizer = _load()
    return _tokenizer


def _load() -> jieba.Tokenizer:
    started = time.perf_counter()
    import jieba  # ~0.1 s to import: only a process that searches or indexes pays for it

    jieba.setLogLevel(logging.WARNING)
    loaded = jieba.Tokenizer()
    loaded.initialize()
    loaded.load_userdict(str(TERMS))
    LOADED["seconds"] = time.perf_counter() - started
    log.info("jieba dictionary loaded in %.2f s", LOADED["seconds"])
    return loaded


def add_words(words: list[str]) -> None:
    """Keep these names whole (area names: 槐荫区, 段店北路街道, 前屯村)."""
    cutter = tokenizer()
    for word in words:
        if word := word.strip():
            cutter.add_word(word, freq=50)


def normalise(text: str) -> str:
    """Full-width letters, digits and punctuation as half-width (ＡＢＣ１２３，→ ABC123,),
    lower case: what a phone keyboard types and what a document says then match."""
    return unicodedata.normalize("NFKC", text).lower()


def _is_word(token: str) -> bool:
    return any(ch.isalnum() for ch in token)


def words(text: str) -> list[str]:
    """The words of ``text`` in search mode, punctuation and spaces left out."""
    cut = tokenizer().cut_for_search(normalise(text))
    return [token.strip() for token in cut if _is_word(token)]


def segmented(text: str) -> str:
    """The words of ``text`` as the index stores them: separated by spaces."""
    return " ".join(words(text))


def query_words(text: str, limit: int = 16) -> list[str]:
    """The distinct words of a query, in order, at most ``limit`` of them."""
    seen: dict[str, None] = {}
    for word in words(text[:200]):
        seen.setdefault(word.replace('"', ""), None)
    return [w for w in seen if w][:limit]
