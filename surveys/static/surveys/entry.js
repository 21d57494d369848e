// Entering returned survey forms from the keyboard (issue 12): the unit, Enter; then one number key per
// item (1 = the best level, 0 = left blank, Backspace = back one item); Enter in the opinion saves
// (static/js/desk.js: data-enter-saves), and the page comes back with the cursor in the unit box.
(function () {
  "use strict";

  function setUp(form) {
    var rows = Array.prototype.slice.call(form.querySelectorAll("[data-item-row]"));
    var unit = form.querySelector("input[name=unit]");
    var opinion = form.querySelector("textarea[name=opinion]");

    function focusRow(index) {
      if (index < 0) { unit.focus(); unit.select(); return; }
      if (index >= rows.length) { opinion.focus(); return; }
      var row = rows[index];
      (row.querySelector("input:checked") || row.querySelector("input")).focus();
    }

    unit.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        if (unit.value.trim()) { focusRow(0); }
      }
    });

    form.addEventListener("keydown", function (event) {
      var row = event.target.closest && event.target.closest("[data-item-row]");
      if (!row || event.ctrlKey || event.altKey || event.metaKey) { return; }
      var index = rows.indexOf(row);
      var choices = row.querySelectorAll("input[type=radio]");
      if (/^[1-9]$/.test(event.key)) {
        var choice = choices[Number(event.key) - 1];
        event.preventDefault();
        if (choice) {
          choice.checked = true;
          choice.dispatchEvent(new Event("change", { bubbles: true }));
          focusRow(index + 1);
        }
      } else if (event.key === "0") {
        event.preventDefault();
        choices.forEach(function (input) { input.checked = false; });
        focusRow(index + 1);
      } else if (event.key === "Backspace") {
        event.preventDefault();
        focusRow(index - 1);
      } else if (event.key === "Enter") {
        event.preventDefault();
        focusRow(index + 1);
      }
    });

    // Back from the server with an error: the cursor goes where the error is.
    var invalid = form.querySelector(".is-invalid, tr.table-danger input");
    if (invalid) { invalid.focus(); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-survey-entry]").forEach(setUp);
  });
})();
