// Keyboard-wedge barcode scanners type a code and then press Enter. In a
// form marked data-scanflow, Enter in a code field (data-scan) moves to
// the next field instead of sending a half-filled form; Enter anywhere
// else, or the button, sends it as usual. Hand-written, no dependencies.
document.addEventListener('keydown', function (e) {
  var el = e.target;
  if (e.key !== 'Enter' || !el.form || !el.hasAttribute('data-scan') || !el.form.hasAttribute('data-scanflow')) return;
  var fields = Array.prototype.filter.call(el.form.elements, function (f) {
    return (f.tagName === 'INPUT' || f.tagName === 'SELECT' || f.tagName === 'TEXTAREA') && f.type !== 'hidden' && !f.disabled;
  });
  var next = fields[fields.indexOf(el) + 1];
  if (!next) return; // the last field: Enter sends the form
  e.preventDefault();
  next.focus();
  if (typeof next.select === 'function' && next.tagName !== 'SELECT') next.select();
});
