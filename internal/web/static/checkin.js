// Check-in page: read tickets' QR codes with the camera where the browser
// offers BarcodeDetector; the code field works without it.
"use strict";
(function () {
  var btn = document.querySelector("[data-scan]");
  if (!btn || !("BarcodeDetector" in window) || !navigator.mediaDevices) return;
  var input = document.getElementById(btn.getAttribute("data-scan"));
  var video = document.querySelector("video.scanner");
  if (!input || !video) return;
  var label = btn.textContent, stream = null, timer = null;
  var detector;
  try { detector = new window.BarcodeDetector({ formats: ["qr_code"] }); } catch (e) { return; }
  btn.hidden = false;
  function stop() {
    if (timer) clearInterval(timer);
    timer = null;
    if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
    stream = null;
    video.hidden = true;
    btn.textContent = label;
  }
  btn.addEventListener("click", function () {
    if (stream) { stop(); return; }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (s) {
      stream = s;
      video.srcObject = s;
      video.hidden = false;
      video.play();
      btn.textContent = btn.getAttribute("data-stop");
      timer = setInterval(function () {
        detector.detect(video).then(function (codes) {
          if (!codes.length) return;
          input.value = codes[0].rawValue;
          stop();
          input.form.submit();
        }).catch(function () {});
      }, 300);
    }).catch(function () { stop(); });
  });
})();
