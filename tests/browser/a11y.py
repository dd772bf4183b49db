"""Accessibility checks measured in the page itself (no external checker to download).

`audit(page)` returns what is wrong, in words: the page language, one h1, a label for
every form control and a name for every button, alt text on images and a name on SVG
figures, and the contrast of every piece of visible text against the background it is
actually drawn on (WCAG 2: 4.5:1, or 3:1 for large text). `tab_walk` presses Tab and
records where the focus goes and whether it can be seen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

AUDIT_JS = r"""
() => {
  const problems = [];
  const describe = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    if (el.name) s += '[name=' + el.name + ']';
    const text = (el.innerText || el.value || '').trim().slice(0, 30);
    return text ? s + ' "' + text + '"' : s;
  };
  const visible = (el) => {
    // checkVisibility also sees through a closed <details> (content-visibility).
    if (el.checkVisibility && !el.checkVisibility({visibilityProperty: true})) return false;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') return false;
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  };

  const lang = document.documentElement.getAttribute('lang');
  if (!lang) problems.push('<html> has no lang');
  const h1s = [...document.querySelectorAll('h1')].filter(visible);
  if (h1s.length !== 1) problems.push(`${h1s.length} visible h1 elements (want exactly 1)`);

  for (const el of document.querySelectorAll('input, select, textarea')) {
    if (['hidden', 'submit', 'button', 'reset', 'image'].includes(el.type)) continue;
    const named = (el.labels && [...el.labels].some(l => l.textContent.trim()))
      || (el.getAttribute('aria-label') || '').trim()
      || el.getAttribute('aria-labelledby');
    if (!named) problems.push('form control without a label: ' + describe(el));
  }
  for (const el of document.querySelectorAll('button, a[href], [role=button]')) {
    if (!visible(el)) continue;
    const name = (el.textContent || el.getAttribute('aria-label') || el.title || '').trim();
    const img = el.querySelector('img[alt]:not([alt=""]), svg[aria-label]');
    if (!name && !img) problems.push('control without a name: ' + el.outerHTML.slice(0, 80));
  }
  for (const img of document.querySelectorAll('img')) {
    if (!img.hasAttribute('alt')) problems.push('image without alt: ' + img.src);
  }
  for (const svg of document.querySelectorAll('svg[role=img]')) {
    if (!svg.getAttribute('aria-label') && !svg.querySelector('title'))
      problems.push('SVG figure without a name');
  }

  // Contrast: composite the background layers under the element, then the text colour.
  const rgba = (value) => {
    const m = value.match(/rgba?\(([^)]+)\)/);
    if (!m) return [0, 0, 0, 0];
    const parts = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
    return [parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1];
  };
  const over = (top, under) => {
    const a = top[3];
    return [0, 1, 2].map(i => top[i] * a + under[i] * (1 - a)).concat([1]);
  };
  const backdrop = (el) => {
    const layers = [];
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const colour = rgba(getComputedStyle(node).backgroundColor);
      if (colour[3] > 0) layers.push(colour);
      if (colour[3] >= 1) break;
    }
    let result = [255, 255, 255, 1];
    for (const layer of layers.reverse()) result = over(layer, result);
    return result;
  };
  const luminance = (c) => {
    const [r, g, b] = c.slice(0, 3).map(v => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    const el = text.parentElement;
    if (!text.textContent.trim() || seen.has(el) || el.closest('svg, option, noscript')) continue;
    seen.add(el);
    if (!visible(el) || el.closest('[aria-hidden=true]')) continue;
    const style = getComputedStyle(el);
    if (el.closest('.skip') && !el.matches(':focus')) continue;  // off-screen until focused
    const size = parseFloat(style.fontSize);
    const bold = parseInt(style.fontWeight, 10) >= 700;
    const large = size >= 24 || (bold && size >= 18.66);
    const bg = backdrop(el);
    const fg = over(rgba(style.color), bg);
    const r = ratio(fg, bg);
    const need = large ? 3 : 4.5;
    if (r < need) {
      problems.push(`contrast ${r.toFixed(2)}:1 < ${need}:1 for ${describe(el)} ` +
                    `(${style.color} on ${bg.slice(0, 3).map(Math.round).join(',')})`);
    }
  }
  return problems;
}
"""

FOCUS_JS = r"""
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const ring = style.boxShadow && style.boxShadow !== 'none';
  let s = el.tagName.toLowerCase();
  if (el.id) s += '#' + el.id;
  const named = el.labels && el.labels.length ? el.labels[0].innerText : '';
  const label = (named || el.getAttribute('aria-label') || el.innerText || el.value || '')
    .trim();
  return {
    selector: s, text: label.slice(0, 40), href: el.getAttribute('href') || '',
    visible: outline || ring, inMain: !!el.closest('main'),
  };
}
"""


@dataclass(frozen=True)
class Stop:
    """Where one Tab press left the focus."""

    selector: str
    text: str
    href: str
    visible: bool
    in_main: bool


def audit(page: Any) -> list[str]:
    problems: list[str] = page.evaluate(AUDIT_JS)
    return problems


def tab_walk(page: Any, presses: int = 60) -> list[Stop]:
    """Press Tab from the top of a freshly loaded page: where the focus stops, in order."""
    stops = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        found = page.evaluate(FOCUS_JS)
        if found is None:
            break
        stops.append(
            Stop(found["selector"], found["text"], found["href"], found["visible"], found["inMain"])
        )
    return stops


def first_index(stops: list[Stop], text: str, start: int = 0) -> int:
    """The first Tab press (0-based, from `start`) that reached a control saying `text`;
    -1 if none did."""
    return next((i for i, stop in enumerate(stops) if i >= start and text in stop.text), -1)
