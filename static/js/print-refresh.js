// After a print, the page shows the new print record, its signing form and the current status
// without a manual reload. The print form posts as usual (the PDF downloads); this script then
// polls the page until the new print record is there and swaps the fresh content in.
// Progressive enhancement: without it, a reload shows the same.
(function () {
  "use strict";

  var POLL_MS = 1500;
  var POLL_TRIES = 40;

  function printCount(root) {
    var records = root.querySelector("[data-print-records]");
    return records ? records.querySelectorAll("tbody tr").length : 0;
  }

  // Swap the page's main content for the fresh one; the keyboard focus goes to the print
  // records, where the result shows.
  function swap(fresh) {
    var main = document.querySelector("main");
    main.innerHTML = fresh.innerHTML;
    var heading = main.querySelector("[data-print-records] h2") || main;
    if (!heading.hasAttribute("tabindex")) { heading.setAttribute("tabindex", "-1"); }
    heading.focus();
  }

  function poll(before, tries) {
    if (tries <= 0) { return; }
    window.setTimeout(function () {
      fetch(window.location.href, { credentials: "same-origin", cache: "no-store" })
        .then(function (response) { return response.text(); })
        .then(function (html) {
          var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("main");
          if (fresh && printCount(fresh) > before) { swap(fresh); } else { poll(before, tries - 1); }
        })
        .catch(function () { poll(before, tries - 1); });
    }, POLL_MS);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-print-refresh]") || !window.fetch) { return; }
    poll(printCount(document), POLL_TRIES);
  });
})();
