// Event pages: the share button, where the browser can share. Enhances only.
"use strict";
(function () {
  document.querySelectorAll("[data-share]").forEach(function (btn) {
    if (!navigator.share) return;
    btn.hidden = false;
    btn.addEventListener("click", function () {
      var input = document.getElementById(btn.getAttribute("data-share"));
      if (!input) return;
      navigator.share({ title: btn.getAttribute("data-title") || document.title, url: input.value }).catch(function () {});
    });
  });
})();
