// Conditional questions of a consultation's answer form: a question shown
// only after a given answer stays hidden, its fields disabled so nothing
// is sent for it, until that answer is chosen. Without JavaScript every
// question shows with its condition written out, and the server drops the
// answers the other answers hide.
(function () {
  'use strict';
  var form = document.querySelector('form[data-consultation-form]');
  if (!form) return;
  var deps = form.querySelectorAll('fieldset[data-show-if]');
  if (!deps.length) return;
  function chosen(q) {
    var r = form.querySelector('input[type=radio][name="' + q + '"]:checked');
    return r ? r.value : null;
  }
  function update() {
    // In document order: a condition's question comes first, so chains
    // (q3 after q2 after q1) settle in one pass.
    Array.prototype.forEach.call(deps, function (fs) {
      var parent = document.getElementById('q-' + fs.getAttribute('data-show-if'));
      var shown = (!parent || !parent.hidden) && chosen(fs.getAttribute('data-show-if')) === fs.getAttribute('data-show-option');
      fs.hidden = !shown;
      Array.prototype.forEach.call(fs.querySelectorAll('input, select, textarea'), function (el) { el.disabled = !shown; });
    });
  }
  form.addEventListener('change', update);
  update();
})();
