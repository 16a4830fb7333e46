// Cortège's only script. It enhances; every page works without it.
"use strict";
(function () {
  // Copy buttons (API token): shown only when the clipboard is reachable.
  document.querySelectorAll("[data-copy]").forEach(function (btn) {
    if (!navigator.clipboard) return;
    btn.hidden = false;
    btn.addEventListener("click", function () {
      var input = document.getElementById(btn.getAttribute("data-copy"));
      if (!input) return;
      navigator.clipboard.writeText(input.value).then(function () {
        btn.textContent = btn.getAttribute("data-copied");
      });
    });
  });
  // A form shown again with messages: bring its summary into view and
  // focus, so keyboard and screen-reader users start from what to fix.
  var alert = document.querySelector(".alert-error");
  if (alert) {
    alert.setAttribute("tabindex", "-1");
    alert.focus();
  }
  // Close an open menu (<details>) on Escape or a click elsewhere.
  document.addEventListener("click", function (e) {
    document.querySelectorAll("details.switcher[open]").forEach(function (d) {
      if (!d.contains(e.target)) d.open = false;
    });
  });
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") return;
    document.querySelectorAll("details.switcher[open]").forEach(function (d) {
      d.open = false;
      d.querySelector("summary").focus();
    });
  });
})();
