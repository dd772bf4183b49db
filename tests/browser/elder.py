"""长辈模式 measured in the page: the size of every piece of visible text and of every
control a finger must hit (MIIT's 适老化 rules for government sites: text of at least
18px, targets of at least 48px)."""

from __future__ import annotations

from typing import Any

MIN_TEXT_PX = 18
MIN_TARGET_PX = 48

MEASURE_JS = r"""
([minText, minTarget]) => {
  const visible = (el) => {
    if (el.checkVisibility && !el.checkVisibility({visibilityProperty: true})) return false;
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  };
  const say = (el) => (el.innerText || el.value || el.getAttribute('aria-label') || '')
    .trim().slice(0, 24);
  const small = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    const el = text.parentElement;
    if (!text.textContent.trim() || el.closest('svg, option, .skip') || !visible(el)) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    const words = text.textContent.trim().slice(0, 24);
    if (size < minText) small.push(`${el.tagName.toLowerCase()} ${size}px "${words}"`);
  }
  // What a finger hits: the header's links and switches, buttons, form fields, and the
  // label around a check box (the box itself is drawn small inside its label).
  const targets = document.querySelectorAll(
    'header a, header summary, header button, .button, button, summary, ' +
    'input:not([type=hidden]):not([type=checkbox]):not([type=radio]), select, textarea, ' +
    'label:has(> input[type=checkbox]), label:has(> input[type=radio]), .pager a');
  const cramped = [];
  let measured = 0;
  for (const el of targets) {
    if (!visible(el)) continue;
    measured += 1;
    const box = el.getBoundingClientRect();
    const size = `${Math.round(box.width)}×${Math.round(box.height)}`;
    if (box.height < minTarget - 0.5 || box.width < minTarget - 0.5)
      cramped.push(`${el.tagName.toLowerCase()} ${size} "${say(el)}"`);
  }
  return {small, cramped, measured,
          body: parseFloat(getComputedStyle(document.body).fontSize),
          elder: document.documentElement.classList.contains('elder')};
}
"""


def measure(page: Any) -> dict[str, Any]:
    found: dict[str, Any] = page.evaluate(MEASURE_JS, [MIN_TEXT_PX, MIN_TARGET_PX])
    return found
