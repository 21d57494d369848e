// Small behaviours shared by every page; no inline scripts (the pages keep a strict CSP).
(function () {
  "use strict";
  // An irreversible step (closing, "not valid") asks before it is sent.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  }, true);
})();
