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

  // A form with sections per category shows only the chosen category's section; without JavaScript
  // every section stays visible.
  document.querySelectorAll("form[data-category-sections]").forEach(function (form) {
    function sync() {
      var picked = form.querySelector("input[name=category]:checked");
      form.querySelectorAll("fieldset[data-category]").forEach(function (set) {
        set.hidden = !picked || set.dataset.category !== picked.value;
      });
    }
    form.addEventListener("change", sync);
    sync();
  });
})();
