// The portal's one script. It only enhances: every page works without it
// (CSP: loaded with the page's nonce, no inline code).
(function () {
  'use strict';

  // The search's filters are folded on a phone; where there is room for
  // them beside the results (the stylesheet's two-column width) they start
  // open.
  var filters = document.querySelector('details.filters__more');
  if (filters && window.matchMedia && window.matchMedia('(min-width: 56rem)').matches) {
    filters.open = true;
  }

  // An organisation's page: print, copy the permanent address, share.
  var link = document.getElementById('permalink');
  var status = document.getElementById('share-status');
  var say = function (text) { if (status) { status.textContent = text; } };

  document.querySelectorAll('[data-print]').forEach(function (button) {
    if (typeof window.print !== 'function') { return; }
    button.hidden = false;
    button.addEventListener('click', function () { window.print(); });
  });

  var copy = document.querySelector('[data-copy]');
  if (link && copy && navigator.clipboard && window.isSecureContext) {
    copy.hidden = false;
    copy.addEventListener('click', function () {
      navigator.clipboard.writeText(link.value).then(
        function () { say(copy.getAttribute('data-done')); },
        function () { link.focus(); link.select(); });
    });
  }
  if (link) {
    // A click in the address selects it whole, ready to copy by hand.
    link.addEventListener('focus', function () { link.select(); });
  }

  var share = document.querySelector('[data-share]');
  if (link && share && typeof navigator.share === 'function') {
    share.hidden = false;
    share.addEventListener('click', function () {
      navigator.share({ title: document.title, url: link.value }).catch(function () {});
    });
  }
})();
