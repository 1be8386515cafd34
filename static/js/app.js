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
})();
