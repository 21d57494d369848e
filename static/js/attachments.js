// Attachments: a file over the size limit is refused in the page, before it is sent (the server refuses
// it as well, whatever the browser does). No inline scripts: loaded by core/partials/attachments.html.
(function () {
  "use strict";

  function check(input) {
    var limit = Number(input.dataset.maxSize);
    var message = "";
    Array.prototype.forEach.call(input.files || [], function (file) {
      if (file.size > limit) {
        message = input.dataset.tooLarge || "";
      }
    });
    input.setCustomValidity(message);
    return message;
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input.matches && input.matches("input[type=file][data-max-size]") && check(input)) {
      input.reportValidity();
    }
  });

  document.addEventListener("submit", function (event) {
    var inputs = event.target.querySelectorAll("input[type=file][data-max-size]");
    Array.prototype.forEach.call(inputs, function (input) {
      if (check(input)) {
        event.preventDefault();
        event.stopImmediatePropagation();
        input.reportValidity();
      }
    });
  }, true);
})();
