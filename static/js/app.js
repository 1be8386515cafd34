// Small progressive enhancements; every page also works without JavaScript.
(function () {
  "use strict";

  // A form marked data-once cannot be sent twice by a double click.
  document.querySelectorAll("form[data-once]").forEach(function (form) {
    form.addEventListener("submit", function () {
      window.setTimeout(function () {
        form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
      }, 0);
    });
  });

  // Buttons that start slow work say so while it runs (the PDF arrives as a download).
  document.querySelectorAll("button[data-busy]").forEach(function (button) {
    button.form.addEventListener("submit", function () {
      var label = button.textContent;
      button.textContent = button.dataset.busy;
      button.setAttribute("aria-busy", "true");
      window.setTimeout(function () {
        button.textContent = label;
        button.removeAttribute("aria-busy");
      }, 3000);
    });
  });

  // A value typed only to be checked (the ID number from a card) is not left on the screen;
  // the form has already collected it when this runs.
  document.querySelectorAll("input[data-clear-on-submit]").forEach(function (input) {
    input.form.addEventListener("submit", function () {
      window.setTimeout(function () { input.value = ""; }, 0);
    });
  });

  // A print button (the page prints as it is; the menu bar is left out by app.css).
  document.querySelectorAll("button[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  // Fill gender and birth date from an 18-character ID number as it is typed (the server checks again).
  var idInput = document.querySelector("input[data-id-number]");
  if (idInput) {
    idInput.addEventListener("input", function () {
      var v = idInput.value.trim().toUpperCase();
      if (!/^\d{17}[\dX]$/.test(v)) { return; }
      var birth = v.slice(6, 10) + "-" + v.slice(10, 12) + "-" + v.slice(12, 14);
      var birthInput = idInput.form.querySelector("input[name=birth_date]");
      var genderSelect = idInput.form.querySelector("select[name=gender]");
      if (birthInput) { birthInput.value = birth; }
      if (genderSelect) { genderSelect.value = (parseInt(v.charAt(16), 10) % 2) ? "M" : "F"; }
    });
  }
  // The header menu. Each group is a <details> disclosure (keyboard-operable without script);
  // the script closes the other groups when one opens, and on Escape or a click elsewhere.
  var groups = Array.prototype.slice.call(document.querySelectorAll("details[data-menu-group]"));
  groups.forEach(function (group) {
    group.addEventListener("toggle", function () {
      if (!group.open) { return; }
      groups.forEach(function (other) { if (other !== group) { other.open = false; } });
    });
    group.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && group.open) {
        group.open = false;
        group.querySelector("summary").focus();
      }
    });
  });
  document.addEventListener("click", function (event) {
    groups.forEach(function (group) {
      if (group.open && !group.contains(event.target)) { group.open = false; }
    });
  });

  // On a phone the menu folds behind one button (app.css shows the button under 600 px only).
  var menuButton = document.querySelector("button.menu-button");
  var mainNav = document.getElementById("main-nav");
  if (menuButton && mainNav) {
    document.documentElement.classList.add("menu-ready");
    menuButton.addEventListener("click", function () {
      var open = menuButton.getAttribute("aria-expanded") !== "true";
      menuButton.setAttribute("aria-expanded", open ? "true" : "false");
      mainNav.classList.toggle("open", open);
    });
  }

  // Lists become stacked cards on a phone: each cell carries its column's heading, which
  // app.css shows before the value under 600 px.
  document.querySelectorAll("table.list").forEach(function (table) {
    var headings = Array.prototype.map.call(
      table.querySelectorAll("thead tr:first-child th"), function (th) { return th.textContent.trim(); });
    if (!headings.length) { return; }
    table.classList.add("stackable");
    table.querySelectorAll("tbody tr").forEach(function (row) {
      Array.prototype.forEach.call(row.children, function (cell, index) {
        if (headings[index] && !cell.hasAttribute("data-label")) { cell.setAttribute("data-label", headings[index]); }
      });
    });
  });

  // After a refused submit: focus moves to the error summary, whose links lead to each field.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
})();
