// Information reporters: the written-report countdown and the report form's category fields.
(function () {
  "use strict";
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  document.querySelectorAll("[data-countdown]").forEach(function (el) {
    var left = parseInt(el.getAttribute("data-countdown"), 10);
    var started = Date.now();
    function tick() {
      var remaining = Math.max(0, left - Math.floor((Date.now() - started) / 1000));
      el.textContent = pad(Math.floor(remaining / 60)) + ":" + pad(remaining % 60);
      if (remaining === 0) { el.classList.add("overdue"); return; }
      window.setTimeout(tick, 1000);
    }
    tick();
  });
  var category = document.getElementById("id_category");
  if (category) {
    var show = function () {
      document.querySelectorAll("[data-category]").forEach(function (box) {
        box.hidden = category.value !== "" && box.getAttribute("data-category") !== category.value;
      });
    };
    category.addEventListener("change", show);
    show();
  }
})();
