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
  function categorySections(root) {
    root.querySelectorAll("form[data-category-sections]").forEach(function (form) {
      function sync() {
        var picked = form.querySelector("input[name=category]:checked");
        form.querySelectorAll("fieldset[data-category]").forEach(function (set) {
          set.hidden = !picked || set.dataset.category !== picked.value;
        });
      }
      form.addEventListener("change", sync);
      sync();
    });
  }

  // A deadline that passes while the page is open turns red at once (the server's next refresh
  // brings the exact "overdue by").
  function tickDeadlines() {
    var now = Date.now();
    document.querySelectorAll("[data-due]").forEach(function (badge) {
      if (Date.parse(badge.dataset.due) < now && !badge.classList.contains("text-bg-danger")) {
        badge.classList.remove("text-bg-secondary");
        badge.classList.add("text-bg-danger");
        badge.textContent = badge.dataset.overdueText;
      }
    });
  }

  // New notices arrive with the 30-second poll as toasts; overdue ones also as desktop notifications
  // once the user allowed them (button on the notifications page).
  function showToasts(root) {
    root.querySelectorAll(".toast:not(.showing):not(.show):not(.hide)").forEach(function (element) {
      window.bootstrap.Toast.getOrCreateInstance(element).show();
      if (element.dataset.desktop && "Notification" in window && Notification.permission === "granted") {
        new Notification(element.dataset.notice);
      }
    });
  }

  function enableDesktopNotifications() {
    document.querySelectorAll("[data-enable-desktop-notifications]").forEach(function (button) {
      if (!("Notification" in window) || Notification.permission === "granted") {
        button.hidden = true;
        return;
      }
      button.hidden = false;
      button.addEventListener("click", function () {
        Notification.requestPermission().then(function () { button.hidden = Notification.permission === "granted"; });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    categorySections(document);
    enableDesktopNotifications();
    tickDeadlines();
    window.setInterval(tickDeadlines, 15000);
  });
  document.addEventListener("htmx:load", function (event) {
    showToasts(document);
    tickDeadlines();
  });
})();
