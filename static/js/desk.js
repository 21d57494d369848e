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

  // The front-desk lookup (residents/partials/lookup_box.html): Enter goes to the first caller found
  // instead of loading the full lookup page; the results come in place as you type (htmx).
  function lookupKeys() {
    document.querySelectorAll("input[hx-get][name=q]").forEach(function (input) {
      var results = document.querySelector(input.getAttribute("hx-target"));
      var pending = false;
      function first() { return results && results.querySelector("[data-fill], a.btn, button"); }
      input.addEventListener("keydown", function (event) {
        if (event.key !== "Enter") { return; }
        event.preventDefault();
        if (first()) { first().focus(); } else { pending = true; window.htmx.trigger(input, "search"); }
      });
      if (results) {
        results.addEventListener("htmx:afterSwap", function () {
          if (pending && first()) { first().focus(); }
          pending = false;
        });
      }
    });
  }

  // Picking a caller fills the entry form in place: unit, resident, estate, name, phone (and the
  // patient's address and phone for an emergency); nothing typed so far is lost.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-fill]");
    var form = document.querySelector("form[data-caller-form]");
    if (!button || !form) { return; }
    var values = JSON.parse(button.dataset.fill);
    Object.keys(values).forEach(function (name) {
      var field = form.elements.namedItem(name);
      if (field && "value" in field && !(field.value && field.type !== "hidden" && name.indexOf("patient_") === 0)) {
        field.value = values[name];
      }
    });
    var banner = form.querySelector("[data-caller-banner]");
    if (banner) {
      banner.hidden = false;
      banner.querySelector("[data-caller-text]").textContent = button.textContent.trim().replace(/\s+/g, " ");
    }
    var results = button.closest("[id^=lookup-results]");
    if (results) { results.innerHTML = ""; }
    var category = form.querySelector("[data-category-keys] input:checked") ||
      form.querySelector("[data-category-keys] input");
    if (category) { category.focus(); }
  });

  // Keys 1–7 choose the category (the SPEC's order) when the cursor is not in a text field.
  document.addEventListener("keydown", function (event) {
    var group = document.querySelector("[data-category-keys]");
    var target = event.target;
    var typing = target.matches && target.matches("textarea, input[type=text], input[type=search], input[type=tel], " +
      "input[type=number], input[type=email], input:not([type]), select");
    if (!group || typing || event.ctrlKey || event.altKey || event.metaKey || !/^[1-7]$/.test(event.key)) { return; }
    var choice = group.querySelectorAll("input[type=radio]")[Number(event.key) - 1];
    if (choice) {
      event.preventDefault();
      choice.checked = true;
      choice.focus();
      choice.dispatchEvent(new Event("change", { bubbles: true }));
    }
  });

  // Enter in a field marked data-enter-saves sends the form (Shift+Enter: a new line).
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && event.target.matches("[data-enter-saves]")) {
      event.preventDefault();
      event.target.form.requestSubmit();
    }
  });

  function focusEntryForm() {
    var form = document.querySelector("form[data-caller-form]");
    var banner = form && form.querySelector("[data-caller-banner]");
    if (form && banner && !banner.hidden && !form.querySelector(".is-invalid")) {
      var category = form.querySelector("[data-category-keys] input:checked") ||
        form.querySelector("[data-category-keys] input");
      if (category) { category.focus(); }
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    lookupKeys();
    focusEntryForm();
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
