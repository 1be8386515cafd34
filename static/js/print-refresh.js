// After a print, the page shows the new print record, its signing form and the case's status
// without a manual reload. Progressive enhancement: without this script the print form posts
// as usual (the PDF downloads) and a reload shows the same.
(function () {
  "use strict";

  function filename(response) {
    var header = response.headers.get("Content-Disposition") || "";
    var match = /filename="([^"]+)"/.exec(header);
    return match ? match[1] : "print.pdf";
  }

  function download(blob, name) {
    var url = URL.createObjectURL(blob);
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  // Swap the page's main content for the fresh one and put the keyboard focus where the
  // result shows: the print records after a print, the first error after a refusal.
  function swap(html, focusSelector) {
    var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("main");
    var main = document.querySelector("main");
    if (!fresh || !main) { window.location.reload(); return; }
    main.innerHTML = fresh.innerHTML;
    var target = main.querySelector(focusSelector) || main;
    if (!target.hasAttribute("tabindex")) { target.setAttribute("tabindex", "-1"); }
    target.focus();
    document.dispatchEvent(new CustomEvent("page:swapped"));
  }

  function busy(form, on) {
    form.querySelectorAll("button[type=submit]").forEach(function (button) {
      button.disabled = on;
      if (on) { button.setAttribute("aria-busy", "true"); } else { button.removeAttribute("aria-busy"); }
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-print-refresh]") || !window.fetch) { return; }
    event.preventDefault();
    var data = new FormData(form);
    busy(form, true);
    fetch(form.action, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (type.indexOf("application/pdf") === 0) {
          var name = filename(response);
          return response.blob().then(function (blob) {
            download(blob, name);
            return fetch(window.location.href, { credentials: "same-origin" })
              .then(function (page) { return page.text(); })
              .then(function (html) { swap(html, "[data-print-records] h2"); });
          });
        }
        // A refusal comes back as the page with the reason next to the form.
        return response.text().then(function (html) {
          swap(html, "[aria-invalid=true], .error");
        });
      })
      .catch(function () { busy(form, false); form.submit(); });
  }, true);
})();
