// The anti-flood check of the report form (see oversight/portal/pow.py): find n such that
// SHA-256("<challenge>:<n>") starts with the wanted number of zero bits, then put n in the
// form. Runs in the page with the browser's own SHA-256 (Web Crypto); nothing is sent
// anywhere. Without JavaScript the server accepts the form after a short wait instead.
(function () {
  "use strict";
  var form = document.querySelector("form[data-pow]");
  if (!form || !window.crypto || !window.crypto.subtle || !window.TextEncoder) { return; }
  var bits = parseInt(form.getAttribute("data-pow"), 10) || 0;
  var challenge = form.querySelector("input[name=challenge]");
  var answer = form.querySelector("input[name=pow]");
  var status = document.getElementById("pow-status");
  var done = false, submitting = false;
  var encoder = new TextEncoder();

  function zeroBits(buffer) {
    var bytes = new Uint8Array(buffer), count = 0;
    for (var i = 0; i < bytes.length; i++) {
      if (bytes[i] === 0) { count += 8; continue; }
      var b = bytes[i];
      while ((b & 0x80) === 0) { count++; b <<= 1; }
      return count;
    }
    return count;
  }

  function say(text) {
    if (status) { status.hidden = false; status.textContent = text; }
  }

  async function solve() {
    var prefix = challenge.value + ":";
    for (var n = 0; ; n++) {
      var digest = await crypto.subtle.digest("SHA-256", encoder.encode(prefix + n));
      if (zeroBits(digest) >= bits) { return String(n); }
    }
  }

  var work = solve().then(function (n) {
    answer.value = n;
    done = true;
    form.setAttribute("data-pow-done", "1");
    if (submitting) { form.submit(); }
  });

  form.addEventListener("submit", function (event) {
    if (done) { return; }
    event.preventDefault();
    submitting = true;
    say(form.getAttribute("data-pow-wait") || "…");
    return work;
  });
})();
