// Place fields: suggestions of communes from the server's own gazetteer
// (GET /api/v1/places, same origin: nothing is sent elsewhere) and "use
// my position". They enhance fields that work without them: the server
// reads what is typed and asks which commune when a code fits several.
"use strict";
(function () {
  function places(query, done) {
    fetch("/api/v1/places?" + query, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { places: [] }; })
      .then(function (b) { done(b.places || []); })
      .catch(function () { done([]); });
  }
  // The latitude/longitude fields of the same form, when it has them (the
  // event and group forms): filled with the commune's centre, marked as
  // such so the server may place the street itself.
  function fillCoords(input, p) {
    if (!input.hasAttribute("data-place-fill") || !input.form) return;
    var f = input.form, lat = f.elements.lat, lon = f.elements.lon, auto = f.elements.coords_auto;
    if (!lat || !lon || !auto) return;
    if (lat.value && auto.value !== "1") return; // typed by the person: theirs
    lat.value = p.lat.toFixed(5);
    lon.value = p.lon.toFixed(5);
    auto.value = "1";
  }
  document.querySelectorAll("input[name=lat], input[name=lon]").forEach(function (el) {
    el.addEventListener("input", function () {
      if (el.form && el.form.elements.coords_auto) el.form.elements.coords_auto.value = "";
    });
  });
  document.querySelectorAll("input[data-place-suggest]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    var found = [], timer = 0, asked = "";
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var v = input.value.trim();
      var hit = found.filter(function (p) { return p.text === v; })[0];
      if (hit) { fillCoords(input, hit); return; }
      if (v.length < 2 || v === asked) return;
      timer = setTimeout(function () {
        asked = v;
        places("q=" + encodeURIComponent(v) + "&limit=8", function (ps) {
          found = ps;
          list.textContent = "";
          ps.forEach(function (p) {
            var o = document.createElement("option");
            o.value = p.text;
            o.label = p.label;
            o.textContent = p.label;
            list.appendChild(o);
          });
        });
      }, 200);
    });
  });
  if (!navigator.geolocation) return;
  document.querySelectorAll("[data-place-locate]").forEach(function (btn) {
    var input = document.getElementById(btn.getAttribute("data-place-locate"));
    if (!input) return;
    btn.hidden = false;
    btn.addEventListener("click", function () {
      var fail = function () { btn.textContent = btn.getAttribute("data-place-failed"); };
      navigator.geolocation.getCurrentPosition(function (pos) {
        places("lat=" + pos.coords.latitude.toFixed(4) + "&lon=" + pos.coords.longitude.toFixed(4), function (ps) {
          if (!ps.length) { fail(); return; }
          input.value = ps[0].text;
          fillCoords(input, ps[0]);
          input.dispatchEvent(new Event("change"));
        });
      }, fail, { maximumAge: 600000, timeout: 15000 });
    });
  });
})();
