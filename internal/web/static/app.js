// Live updates for the settings form. Without this script the form still
// works: submitting it reloads the page with the same URL this script keeps
// in the address bar.
(function () {
  'use strict';
  var form = document.getElementById('controls');
  var results = document.getElementById('results');
  var status = document.getElementById('status');
  if (!form || !results || !window.fetch) return;
  var timer = 0, pending = null;

  function show(input) {
    var out = form.querySelector('output[for="' + input.id + '"]');
    if (out) out.value = input.value + (input.dataset.unit || '');
  }

  function update() {
    if (pending) pending.abort(); // only the latest settings matter
    pending = new AbortController();
    var q = new URLSearchParams(new FormData(form)).toString();
    results.firstElementChild && results.firstElementChild.setAttribute('aria-busy', 'true');
    fetch('/results?' + q, { signal: pending.signal })
      .then(function (r) { return r.text(); })
      .then(function (html) {
        results.innerHTML = html; // our own server's fragment
        var root = results.firstElementChild;
        if (root && root.dataset.url) history.replaceState(null, '', root.dataset.url);
        status.textContent = (root && root.dataset.summary) || '';
      })
      .catch(function (e) {
        if (e.name !== 'AbortError') status.textContent = 'Could not update the results: ' + e.message;
      });
  }

  form.addEventListener('input', function (ev) {
    var el = ev.target;
    if (el.type === 'range') {
      show(el);
      var set = document.getElementById(el.id + '-set');
      if (set) set.checked = true; // moving an elasticity means overriding it
    }
    clearTimeout(timer);
    // Debounce: one request per pause; a longer pause with Monte Carlo
    // intervals on, as each request then solves hundreds of times.
    var bands = form.elements.bands;
    timer = setTimeout(update, bands && bands.checked ? 300 : 150);
  });
  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    clearTimeout(timer);
    update();
  });
})();
