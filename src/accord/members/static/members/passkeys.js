// Passkeys (WebAuthn, issue 12). On the account page (#passkey-add) it asks the server for
// registration options (`POST /api/v1/auth/passkeys/options`), lets the browser make the
// credential (navigator.credentials.create) and sends it back (`POST /api/v1/auth/passkeys`),
// whose attestation the server verifies. At sign-in (#passkey-sign-in) it answers the
// server's challenge (navigator.credentials.get) and submits the assertion with the form.
// The private key never leaves the authenticator; bytes travel as base64url.
(function () {
  "use strict";

  function fromB64url(text) {
    var b64 = text.replace(/-/g, "+").replace(/_/g, "/");
    while (b64.length % 4) { b64 += "="; }
    var raw = atob(b64);
    var out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) { out[i] = raw.charCodeAt(i); }
    return out.buffer;
  }

  function toB64url(buffer) {
    var bytes = new Uint8Array(buffer);
    var raw = "";
    for (var i = 0; i < bytes.length; i++) { raw += String.fromCharCode(bytes[i]); }
    return btoa(raw).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function descriptors(list) {
    return (list || []).map(function (c) {
      return { type: c.type, id: fromB64url(c.id), transports: c.transports };
    });
  }

  function say(box, text) {
    var out = box.querySelector("[data-passkey-message]");
    out.textContent = text;
    out.hidden = !text;
  }

  async function register(box) {
    var csrf = box.querySelector("input[name=csrfmiddlewaretoken]").value;
    var headers = { "X-CSRFToken": csrf, "Content-Type": "application/json" };
    var answer = await fetch(box.dataset.optionsUrl, { method: "POST", headers: headers,
                                                        credentials: "same-origin" });
    if (!answer.ok) { throw new Error((await answer.json()).detail); }
    var o = (await answer.json()).public_key;
    var made = await navigator.credentials.create({ publicKey: {
      rp: o.rp, challenge: fromB64url(o.challenge), pubKeyCredParams: o.pubKeyCredParams,
      user: { id: fromB64url(o.user.id), name: o.user.name, displayName: o.user.displayName },
      timeout: o.timeout, excludeCredentials: descriptors(o.excludeCredentials),
      authenticatorSelection: o.authenticatorSelection, attestation: o.attestation,
    } });
    var body = { name: box.querySelector("input[name=passkey_name]").value, credential: {
      id: made.id, rawId: toB64url(made.rawId), type: made.type,
      clientExtensionResults: made.getClientExtensionResults(),
      response: {
        clientDataJSON: toB64url(made.response.clientDataJSON),
        attestationObject: toB64url(made.response.attestationObject),
        transports: made.response.getTransports ? made.response.getTransports() : [],
      },
    } };
    answer = await fetch(box.dataset.registerUrl, { method: "POST", headers: headers,
                                                     credentials: "same-origin",
                                                     body: JSON.stringify(body) });
    if (!answer.ok) { throw new Error((await answer.json()).detail); }
  }

  async function signIn(form) {
    var o = JSON.parse(document.getElementById("passkey-options").textContent);
    var got = await navigator.credentials.get({ publicKey: {
      challenge: fromB64url(o.challenge), rpId: o.rpId, timeout: o.timeout,
      allowCredentials: descriptors(o.allowCredentials), userVerification: o.userVerification,
    } });
    form.querySelector("input[name=credential]").value = JSON.stringify({
      id: got.id, rawId: toB64url(got.rawId), type: got.type,
      clientExtensionResults: got.getClientExtensionResults(),
      response: {
        clientDataJSON: toB64url(got.response.clientDataJSON),
        authenticatorData: toB64url(got.response.authenticatorData),
        signature: toB64url(got.response.signature),
        userHandle: got.response.userHandle ? toB64url(got.response.userHandle) : null,
      },
    });
    form.submit();
  }

  function start() {
    var box = document.getElementById("passkey-add");
    if (box) {
      box.querySelector("button").addEventListener("click", function () {
        say(box, "");
        register(box).then(function () { window.location.reload(); }, function (error) {
          say(box, box.dataset.failed + " " + (error && error.message ? error.message : ""));
        });
      });
    }
    var form = document.getElementById("passkey-sign-in");
    if (form) {
      form.querySelector("button").addEventListener("click", function (event) {
        event.preventDefault();
        say(form, "");
        signIn(form).catch(function (error) {
          say(form, form.dataset.failed + " " + (error && error.message ? error.message : ""));
        });
      });
    }
  }

  if (!window.PublicKeyCredential) {
    document.querySelectorAll("[data-passkey-unsupported]").forEach(function (p) {
      p.hidden = false;
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
