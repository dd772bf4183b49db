"""Shamir's secret sharing over GF(256) (votes.sealing.shamir): pure functions."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from votes.sealing import shamir
from votes.sealing.shamir import ShareError

FINGERPRINT = b"\x01\x02\x03\x04"
secrets_ = st.binary(min_size=1, max_size=40)
thresholds = st.integers(1, 6).flatmap(lambda k: st.tuples(st.just(k), st.integers(k, 8)))


@given(secrets_, thresholds, st.randoms(use_true_random=False))
def test_any_k_shares_rebuild_the_secret(secret: bytes, kn: tuple[int, int], rnd: object) -> None:
    k, n = kn
    shares = shamir.split(secret, k, n, FINGERPRINT)
    for chosen in itertools.islice(itertools.combinations(shares, k), 20):
        picked = list(chosen)
        rnd.shuffle(picked)  # type: ignore[attr-defined]
        assert shamir.combine(picked) == secret


@given(secrets_, thresholds)
def test_shares_survive_their_text_form(secret: bytes, kn: tuple[int, int]) -> None:
    k, n = kn
    for share in shamir.split(secret, k, n, FINGERPRINT):
        text = shamir.share_text(share)
        assert shamir.share_from_text(text) == share
        assert shamir.share_from_text(f"  {text.lower().replace('-', ' ')} ") == share


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 255), st.integers(1, 255), st.integers(1, 255))
def test_fewer_than_k_shares_say_nothing_about_the_secret(secret: int, x1: int, x2: int) -> None:
    """k = 2: one share's byte takes each of the 256 values exactly once over the random
    coefficient, whatever the secret; k = 3: two shares' bytes take each of the 65,536
    pairs exactly once. So k - 1 shares are uniformly distributed, independent of it."""
    seen = sorted(shamir.evaluate([secret, c], x1) for c in range(256))
    assert seen == list(range(256))
    if x1 == x2:
        return
    pairs = {
        (shamir.evaluate([secret, a, b], x1), shamir.evaluate([secret, a, b], x2))
        for a in range(256)
        for b in range(256)
    }
    assert len(pairs) == 256 * 256


@given(secrets_, st.data())
def test_a_garbled_share_is_refused_in_chinese(secret: bytes, data: st.DataObject) -> None:
    share = shamir.split(secret, 2, 3, FINGERPRINT)[0]
    text = shamir.share_text(share).replace("-", "")
    at = data.draw(st.integers(0, len(text) - 1))
    replacement = data.draw(st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"))
    garbled = text[:at] + replacement + text[at + 1 :]
    if garbled == text:
        return
    try:
        parsed = shamir.share_from_text(garbled)
    except ShareError as exc:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in str(exc))
    else:  # only the padding bits of the last character can change and still parse
        assert parsed == share


@pytest.mark.parametrize("text", ["", "----", "AEBA", "!!!!", "AEBA-" * 30, "我的片段"])
def test_nonsense_is_refused_with_a_message(text: str) -> None:
    with pytest.raises(ShareError):
        shamir.share_from_text(text)


def test_too_few_or_mixed_shares_are_refused() -> None:
    a = shamir.split(b"secret key bytes", 2, 3, FINGERPRINT)
    b = shamir.split(b"another key byte", 2, 3, b"\x09\x09\x09\x09")
    with pytest.raises(ShareError, match="需要 2 份"):
        shamir.combine([a[0], a[0]])
    with pytest.raises(ShareError, match="不属于同一次选举"):
        shamir.combine([a[0], b[1]])
    with pytest.raises(ShareError):
        shamir.combine([])
