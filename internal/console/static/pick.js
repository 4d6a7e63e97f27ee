// The handheld pick screen works without script: each step is one field
// and Enter sends it. This only selects a pre-filled value (the quantity
// left) when its field takes focus, so a typed or scanned number replaces
// it instead of being appended. Hand-written, no dependencies.
(function () {
  function select(el) { if (el && el.hasAttribute('data-select') && typeof el.select === 'function') el.select(); }
  document.addEventListener('focusin', function (e) { select(e.target); });
  select(document.activeElement);
})();
