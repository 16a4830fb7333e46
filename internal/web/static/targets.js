// The interpellation page: each target's "open my mail application" link
// follows the message as it is edited. Without this script the link
// carries the pre-written text and the form's button the edited one.
"use strict";
(function () {
  document.querySelectorAll("[data-target-mailto]").forEach(function (link) {
    var area = document.querySelector('[data-target-message="' + link.getAttribute("data-target-mailto") + '"]');
    if (!area) return;
    var base = link.getAttribute("href");
    var cut = base.indexOf("&body=");
    if (cut < 0) return;
    var head = base.slice(0, cut);
    area.addEventListener("input", function () {
      var body = area.value.replace(/\r?\n/g, "\r\n");
      link.setAttribute("href", head + "&body=" + encodeURIComponent(body));
    });
  });
})();
