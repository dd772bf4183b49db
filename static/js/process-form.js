// 批次设置 (issue 17 item 8): show only the settings of the chosen voting method, the vote
// threshold only for the threshold rule, and only the tally rules that fit the method.
// Progressive enhancement: without JavaScript every setting shows, labelled with the
// methods it applies to, and the server checks the combination.
(function () {
  "use strict";
  var method = document.getElementById("f-voting_method");
  var rule = document.getElementById("f-tally_rule");
  if (!method || !rule) return;

  function fits(element, key, value) {
    return element.getAttribute(key).split(" ").indexOf(value) !== -1;
  }

  function sync() {
    document.querySelectorAll(".method-setting[data-methods]").forEach(function (el) {
      el.hidden = !fits(el, "data-methods", method.value);
    });
    var firstFit = null;
    Array.prototype.forEach.call(rule.options, function (option) {
      var ok = fits(option, "data-methods", method.value);
      option.hidden = !ok;
      if (ok && firstFit === null) firstFit = option;
    });
    if (rule.selectedOptions.length && rule.selectedOptions[0].hidden && firstFit) {
      rule.value = firstFit.value;
    }
    document.querySelectorAll(".method-setting[data-rules]").forEach(function (el) {
      el.hidden = !fits(el, "data-rules", rule.value);
    });
  }

  method.addEventListener("change", sync);
  rule.addEventListener("change", sync);
  sync();
})();
