// Blind token of a secret vote (RFC 9474, RSABSSA-SHA384-PSS-Randomized):
// the browser prepares a random message, PSS-encodes and blinds it, has the
// sign-off endpoint blind-sign it, unblinds and verifies the signature, then
// casts the ballot in a separate request without cookies. The server never
// sees the message it signed. Same origin, no library; SHA-384 from WebCrypto
// when present, else the small implementation below (plain-HTTP onions).
"use strict";
(function () {
  var HLEN = 48, SLEN = 48;

  function rand(n) { var b = new Uint8Array(n); crypto.getRandomValues(b); return b; }
  function concat() {
    var len = 0, i, off = 0;
    for (i = 0; i < arguments.length; i++) len += arguments[i].length;
    var out = new Uint8Array(len);
    for (i = 0; i < arguments.length; i++) { out.set(arguments[i], off); off += arguments[i].length; }
    return out;
  }
  function toInt(b) { var h = "0x0"; for (var i = 0; i < b.length; i++) h += (b[i] < 16 ? "0" : "") + b[i].toString(16); return BigInt(h); }
  function toBytes(x, len) {
    var h = x.toString(16); if (h.length > 2 * len) throw new Error("integer too large");
    while (h.length < 2 * len) h = "0" + h;
    var out = new Uint8Array(len);
    for (var i = 0; i < len; i++) out[i] = parseInt(h.substr(2 * i, 2), 16);
    return out;
  }
  function modPow(b, e, m) { var r = 1n; b %= m; while (e > 0n) { if (e & 1n) r = r * b % m; b = b * b % m; e >>= 1n; } return r; }
  function modInv(a, m) { // extended Euclid; null when gcd(a, m) != 1
    var r0 = m, r1 = a % m, t0 = 0n, t1 = 1n, q, tmp;
    while (r1 !== 0n) { q = r0 / r1; tmp = r0 - q * r1; r0 = r1; r1 = tmp; tmp = t0 - q * t1; t0 = t1; t1 = tmp; }
    if (r0 !== 1n) return null;
    return t0 < 0n ? t0 + m : t0;
  }
  function gcd(a, b) { while (b) { var t = a % b; a = b; b = t; } return a; }

  function b64dec(s) {
    s = s.replace(/-/g, "+").replace(/_/g, "/").replace(/\s/g, "");
    while (s.length % 4) s += "=";
    var bin = atob(s), out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  function b64url(b) {
    var s = ""; for (var i = 0; i < b.length; i++) s += String.fromCharCode(b[i]);
    return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  // A minimal DER reader for the PKIX SubjectPublicKeyInfo of an RSA key.
  function der(b, p) {
    var tag = b[p++], len = b[p++];
    if (len & 0x80) { var n = len & 0x7f; len = 0; while (n--) len = len * 256 + b[p++]; }
    if (p + len > b.length) throw new Error("bad key");
    return { tag: tag, start: p, end: p + len };
  }
  function parseKey(spkiB64) {
    var b = b64dec(spkiB64), spki = der(b, 0), alg = der(b, spki.start), bits = der(b, alg.end);
    if (spki.tag !== 0x30 || alg.tag !== 0x30 || bits.tag !== 0x03 || b[bits.start] !== 0) throw new Error("bad key");
    var seq = der(b, bits.start + 1), n = der(b, seq.start), e = der(b, n.end);
    if (seq.tag !== 0x30 || n.tag !== 0x02 || e.tag !== 0x02) throw new Error("bad key");
    var N = toInt(b.subarray(n.start, n.end)), E = toInt(b.subarray(e.start, e.end));
    var modBits = N.toString(2).length;
    return { n: N, e: E, bits: modBits, k: Math.ceil(modBits / 8) };
  }

  // SHA-384 (FIPS 180-4) on 32-bit halves, for browsers without crypto.subtle.
  var K = [0x428a2f98, 0xd728ae22, 0x71374491, 0x23ef65cd, 0xb5c0fbcf, 0xec4d3b2f, 0xe9b5dba5, 0x8189dbbc,
    0x3956c25b, 0xf348b538, 0x59f111f1, 0xb605d019, 0x923f82a4, 0xaf194f9b, 0xab1c5ed5, 0xda6d8118,
    0xd807aa98, 0xa3030242, 0x12835b01, 0x45706fbe, 0x243185be, 0x4ee4b28c, 0x550c7dc3, 0xd5ffb4e2,
    0x72be5d74, 0xf27b896f, 0x80deb1fe, 0x3b1696b1, 0x9bdc06a7, 0x25c71235, 0xc19bf174, 0xcf692694,
    0xe49b69c1, 0x9ef14ad2, 0xefbe4786, 0x384f25e3, 0x0fc19dc6, 0x8b8cd5b5, 0x240ca1cc, 0x77ac9c65,
    0x2de92c6f, 0x592b0275, 0x4a7484aa, 0x6ea6e483, 0x5cb0a9dc, 0xbd41fbd4, 0x76f988da, 0x831153b5,
    0x983e5152, 0xee66dfab, 0xa831c66d, 0x2db43210, 0xb00327c8, 0x98fb213f, 0xbf597fc7, 0xbeef0ee4,
    0xc6e00bf3, 0x3da88fc2, 0xd5a79147, 0x930aa725, 0x06ca6351, 0xe003826f, 0x14292967, 0x0a0e6e70,
    0x27b70a85, 0x46d22ffc, 0x2e1b2138, 0x5c26c926, 0x4d2c6dfc, 0x5ac42aed, 0x53380d13, 0x9d95b3df,
    0x650a7354, 0x8baf63de, 0x766a0abb, 0x3c77b2a8, 0x81c2c92e, 0x47edaee6, 0x92722c85, 0x1482353b,
    0xa2bfe8a1, 0x4cf10364, 0xa81a664b, 0xbc423001, 0xc24b8b70, 0xd0f89791, 0xc76c51a3, 0x0654be30,
    0xd192e819, 0xd6ef5218, 0xd6990624, 0x5565a910, 0xf40e3585, 0x5771202a, 0x106aa070, 0x32bbd1b8,
    0x19a4c116, 0xb8d2d0c8, 0x1e376c08, 0x5141ab53, 0x2748774c, 0xdf8eeb99, 0x34b0bcb5, 0xe19b48a8,
    0x391c0cb3, 0xc5c95a63, 0x4ed8aa4a, 0xe3418acb, 0x5b9cca4f, 0x7763e373, 0x682e6ff3, 0xd6b2b8a3,
    0x748f82ee, 0x5defb2fc, 0x78a5636f, 0x43172f60, 0x84c87814, 0xa1f0ab72, 0x8cc70208, 0x1a6439ec,
    0x90befffa, 0x23631e28, 0xa4506ceb, 0xde82bde9, 0xbef9a3f7, 0xb2c67915, 0xc67178f2, 0xe372532b,
    0xca273ece, 0xea26619c, 0xd186b8c7, 0x21c0c207, 0xeada7dd6, 0xcde0eb1e, 0xf57d4f7f, 0xee6ed178,
    0x06f067aa, 0x72176fba, 0x0a637dc5, 0xa2c898a6, 0x113f9804, 0xbef90dae, 0x1b710b35, 0x131c471b,
    0x28db77f5, 0x23047d84, 0x32caab7b, 0x40c72493, 0x3c9ebe0a, 0x15c9bebc, 0x431d67c4, 0x9c100d4c,
    0x4cc5d4be, 0xcb3e42b6, 0x597f299c, 0xfc657e2a, 0x5fcb6fab, 0x3ad6faec, 0x6c44198c, 0x4a475817];
  function sha384js(msg) {
    var H = [0xcbbb9d5d, 0xc1059ed8, 0x629a292a, 0x367cd507, 0x9159015a, 0x3070dd17, 0x152fecd8, 0xf70e5939,
      0x67332667, 0xffc00b31, 0x8eb44a87, 0x68581511, 0xdb0c2e0d, 0x64f98fa7, 0x47b5481d, 0xbefa4fa4];
    var len = msg.length, padLen = ((len + 17 + 127) >> 7) << 7, p = new Uint8Array(padLen), i, t;
    p.set(msg); p[len] = 0x80;
    var bits = len * 8; // messages below 2^53 bits
    for (i = 0; i < 8; i++) { p[padLen - 1 - i] = bits % 256; bits = Math.floor(bits / 256); }
    var W = new Int32Array(160);
    for (var off = 0; off < padLen; off += 128) {
      for (i = 0; i < 32; i++) W[i] = (p[off + 4 * i] << 24) | (p[off + 4 * i + 1] << 16) | (p[off + 4 * i + 2] << 8) | p[off + 4 * i + 3];
      for (i = 16; i < 80; i++) {
        var xh = W[2 * (i - 15)], xl = W[2 * (i - 15) + 1];
        var s0h = ((xh >>> 1) | (xl << 31)) ^ ((xh >>> 8) | (xl << 24)) ^ (xh >>> 7);
        var s0l = ((xl >>> 1) | (xh << 31)) ^ ((xl >>> 8) | (xh << 24)) ^ ((xl >>> 7) | (xh << 25));
        xh = W[2 * (i - 2)]; xl = W[2 * (i - 2) + 1];
        var s1h = ((xh >>> 19) | (xl << 13)) ^ ((xl >>> 29) | (xh << 3)) ^ (xh >>> 6);
        var s1l = ((xl >>> 19) | (xh << 13)) ^ ((xh >>> 29) | (xl << 3)) ^ ((xl >>> 6) | (xh << 26));
        var lo = (s0l >>> 0) + (s1l >>> 0) + (W[2 * (i - 7) + 1] >>> 0) + (W[2 * (i - 16) + 1] >>> 0);
        W[2 * i] = s0h + s1h + W[2 * (i - 7)] + W[2 * (i - 16)] + Math.floor(lo / 4294967296);
        W[2 * i + 1] = lo;
      }
      var a = H.slice();
      for (i = 0; i < 80; i++) {
        var ah = a[0], al = a[1], eh = a[8], el = a[9];
        var S1h = ((eh >>> 14) | (el << 18)) ^ ((eh >>> 18) | (el << 14)) ^ ((el >>> 9) | (eh << 23));
        var S1l = ((el >>> 14) | (eh << 18)) ^ ((el >>> 18) | (eh << 14)) ^ ((eh >>> 9) | (el << 23));
        var chh = (eh & a[10]) ^ (~eh & a[12]), chl = (el & a[11]) ^ (~el & a[13]);
        var t1l = (a[15] >>> 0) + (S1l >>> 0) + (chl >>> 0) + (K[2 * i + 1] >>> 0) + (W[2 * i + 1] >>> 0);
        var t1h = a[14] + S1h + chh + K[2 * i] + W[2 * i] + Math.floor(t1l / 4294967296);
        var S0h = ((ah >>> 28) | (al << 4)) ^ ((al >>> 2) | (ah << 30)) ^ ((al >>> 7) | (ah << 25));
        var S0l = ((al >>> 28) | (ah << 4)) ^ ((ah >>> 2) | (al << 30)) ^ ((ah >>> 7) | (al << 25));
        var mjh = (ah & a[2]) ^ (ah & a[4]) ^ (a[2] & a[4]), mjl = (al & a[3]) ^ (al & a[5]) ^ (a[3] & a[5]);
        var t2l = (S0l >>> 0) + (mjl >>> 0), t2h = S0h + mjh + Math.floor(t2l / 4294967296);
        for (t = 15; t >= 2; t--) a[t] = a[t - 2];
        var dl = (a[9] >>> 0) + (t1l >>> 0); // a[9] now holds the old d's low half
        a[8] = (a[8] + t1h + Math.floor(dl / 4294967296)) | 0; a[9] = dl | 0;
        var nl = (t1l >>> 0) + (t2l >>> 0);
        a[0] = (t1h + t2h + Math.floor(nl / 4294967296)) | 0; a[1] = nl | 0;
      }
      for (i = 0; i < 16; i += 2) {
        var sl = (H[i + 1] >>> 0) + (a[i + 1] >>> 0);
        H[i] = (H[i] + a[i] + Math.floor(sl / 4294967296)) | 0; H[i + 1] = sl | 0;
      }
    }
    var out = new Uint8Array(48);
    for (i = 0; i < 12; i++) { out[4 * i] = H[i] >>> 24; out[4 * i + 1] = H[i] >>> 16; out[4 * i + 2] = H[i] >>> 8; out[4 * i + 3] = H[i]; }
    return out;
  }
  function sha384(b) {
    if (window.crypto && crypto.subtle && crypto.subtle.digest) {
      return crypto.subtle.digest("SHA-384", b).then(function (d) { return new Uint8Array(d); }, function () { return sha384js(b); });
    }
    return Promise.resolve(sha384js(b));
  }

  // EMSA-PSS-ENCODE (RFC 8017 §9.1.1), SHA-384, MGF1-SHA-384, 48-byte salt.
  async function pssEncode(msg, emBits) {
    var emLen = Math.ceil(emBits / 8);
    if (emLen < HLEN + SLEN + 2) throw new Error("key too small");
    var mHash = await sha384(msg), salt = rand(SLEN);
    var h = await sha384(concat(new Uint8Array(8), mHash, salt));
    var db = new Uint8Array(emLen - HLEN - 1);
    db[emLen - SLEN - HLEN - 2] = 1; db.set(salt, emLen - SLEN - HLEN - 1);
    var mask = new Uint8Array(0), c = 0;
    while (mask.length < db.length) { mask = concat(mask, await sha384(concat(h, new Uint8Array([c >>> 24, c >>> 16, c >>> 8, c])))); c++; }
    for (var i = 0; i < db.length; i++) db[i] ^= mask[i];
    db[0] &= 0xff >>> (8 * emLen - emBits);
    return concat(db, h, new Uint8Array([0xbc]));
  }

  // blind prepares a fresh random token and blinds it for key (base64 SPKI).
  async function blind(keyB64) {
    var key = parseKey(keyB64);
    var prepared = concat(rand(32), rand(32)); // RFC 9474 §4.1: 32-byte random prefix ‖ message
    var m = toInt(await pssEncode(prepared, key.bits - 1));
    if (gcd(m, key.n) !== 1n) throw new Error("message shares a factor with the modulus");
    var r, inv;
    do { r = toInt(rand(key.k)) % key.n; inv = r > 1n ? modInv(r, key.n) : null; } while (inv === null);
    var blinded = toBytes(m * modPow(r, key.e, key.n) % key.n, key.k);
    return { blinded: blinded, state: { key: key, m: m, inv: inv, prepared: prepared } };
  }

  // finalize unblinds the blind signature and verifies it: s^e = m (mod n),
  // m the PSS encoding chosen above, is the RSASSA-PSS check for that salt.
  function finalize(state, blindSig) {
    var key = state.key;
    if (blindSig.length !== key.k) throw new Error("bad blind signature");
    var z = toInt(blindSig); if (z >= key.n) throw new Error("bad blind signature");
    var s = z * state.inv % key.n;
    if (modPow(s, key.e, key.n) !== state.m) throw new Error("signature does not verify");
    return { token: state.prepared, signature: toBytes(s, key.k) };
  }

  window.CortegeVote = { blind: blind, finalize: finalize, sha384js: sha384js, sha384: sha384, b64url: b64url, b64dec: b64dec };

  // The page: a ballot form carrying data-vote-key, data-signoff and
  // data-cast (see docs/votes_web.md). Without them, the form posts as is.
  var form = document.querySelector("form[data-vote-key]");
  if (!form) return;
  var status = form.querySelector("[data-vote-status]");
  function say(msg) { if (status) { status.textContent = msg; status.hidden = false; } }
  form.addEventListener("submit", async function (ev) {
    if (form.querySelector("[name=code]") && form.querySelector("[name=code]").value) return; // a code: plain POST
    ev.preventDefault();
    try {
      var key = form.getAttribute("data-vote-key"), store = "cortege-token-" + form.getAttribute("data-vote-id");
      var tok = null;
      try { tok = JSON.parse(sessionStorage.getItem(store)); } catch (e) { tok = null; }
      if (!tok) {
        var b = await blind(key);
        var res = await fetch(form.getAttribute("data-signoff"), { method: "POST", credentials: "same-origin",
          headers: { "Content-Type": "application/json", "Accept": "application/json" }, body: JSON.stringify({ blinded: b64url(b.blinded) }) });
        var body = await res.json();
        if (!res.ok) throw new Error(body.message || body.error || res.status);
        var t = finalize(b.state, b64dec(body.blind_signature));
        tok = { token: b64url(t.token), signature: b64url(t.signature) };
        try { sessionStorage.setItem(store, JSON.stringify(tok)); } catch (e) { /* private mode */ }
      }
      var receipt = form.querySelector("[data-vote-token]");
      if (receipt) { receipt.textContent = tok.token; receipt.hidden = false; }
      var fd = new URLSearchParams(new FormData(form));
      fd.delete("code"); fd.set("token", tok.token); fd.set("signature", tok.signature);
      var cast = await fetch(form.getAttribute("data-cast"), { method: "POST", credentials: "omit",
        headers: { "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json" }, body: fd.toString() });
      var out = await cast.json();
      if (!cast.ok) throw new Error(out.message || out.error || cast.status);
      // With re-voting, the tab keeps the token: the receipt shows it as
      // the re-vote key. Without, it is forgotten once used.
      if (!form.hasAttribute("data-revote-allowed")) {
        try { sessionStorage.removeItem(store); } catch (e) { /* ignore */ }
      }
      if (out.receipt_url) location.assign(out.receipt_url);
    } catch (err) { say(String(err.message || err)); }
  });
})();

// Re-voting (docs/votes_web.md): the re-vote key is "TOKEN.SIGNATURE",
// both base64url without padding. The receipt shows the tab's key with a
// copy button and a download; the re-vote form is filled with it and cast
// without cookies. The key is kept in this tab's sessionStorage only:
// never in a URL, a cookie or localStorage.
(function () {
  function stored(id) {
    try { return JSON.parse(sessionStorage.getItem("cortege-token-" + id)); } catch (e) { return null; }
  }
  function keyOf(tok) { return tok && tok.token && tok.signature ? tok.token + "." + tok.signature : ""; }

  var panel = document.querySelector("[data-revote-panel]");
  if (panel) {
    var key = keyOf(stored(panel.getAttribute("data-vote-id")));
    if (key) {
      var area = panel.querySelector("[data-revote-key]");
      area.value = key;
      area.addEventListener("focus", function () { area.select(); });
      var dl = panel.querySelector("[data-revote-download]");
      if (dl && window.Blob && window.URL && URL.createObjectURL) {
        dl.href = URL.createObjectURL(new Blob([key + "\n"], { type: "text/plain" }));
        dl.setAttribute("download", "revote-key-" + panel.getAttribute("data-vote-id") + ".txt");
      } else if (dl) { dl.hidden = true; }
      panel.hidden = false;
    }
  }

  var form = document.querySelector("form[data-revote-id]");
  if (!form || !window.fetch) return;
  var id = form.getAttribute("data-revote-id"), field = form.querySelector("[name=key]");
  var status = form.querySelector("[data-vote-status]");
  if (field && !field.value) field.value = keyOf(stored(id));
  form.addEventListener("submit", async function (ev) {
    ev.preventDefault();
    try {
      var fd = new URLSearchParams(new FormData(form));
      var cast = await fetch(form.getAttribute("data-cast"), { method: "POST", credentials: "omit",
        headers: { "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json" }, body: fd.toString() });
      var out = await cast.json();
      if (!cast.ok) throw new Error(out.message || out.error || cast.status);
      var parts = field.value.replace(/\s/g, "").split(".");
      try { sessionStorage.setItem("cortege-token-" + id, JSON.stringify({ token: parts[0], signature: parts[1] })); } catch (e) { /* private mode */ }
      if (out.receipt_url) location.assign(out.receipt_url);
    } catch (err) { if (status) { status.textContent = String(err.message || err); status.hidden = false; } }
  });
})();
