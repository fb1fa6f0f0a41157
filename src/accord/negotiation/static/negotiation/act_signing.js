// Signing an act in the browser (issue 12): an Ed25519 key made here by WebCrypto, not
// extractable, kept in this browser's IndexedDB under the person's name. Its public half is
// what the state's roster names; the private half never leaves the browser.
//
// On the confirmation page (#act-signing inside the form) it fetches the server's challenge,
// builds the act statement exactly as `accord.domain.signing.act_statement` does, shows it,
// signs its RFC 8785 bytes and submits the form with the signed act. A box with
// `data-purpose` signs one of the other acts that speak for a state (a signature of the
// adopted text, an acknowledgement, a hotline message) as `signing.state_act_statement`
// builds it: the challenge's subject fields, and for a message the SHA-256 of its text. On
// the account page (#signing-key) it makes the key if there is none and shows its public
// key and fingerprint.
(function () {
  "use strict";
  var DB = "accord-signing-keys";
  var STORE = "keys";

  function request(r) {
    return new Promise(function (resolve, reject) {
      r.onsuccess = function () { resolve(r.result); };
      r.onerror = function () { reject(r.error); };
    });
  }

  function openDb() {
    var r = indexedDB.open(DB, 1);
    r.onupgradeneeded = function () { r.result.createObjectStore(STORE); };
    return request(r);
  }

  async function keyFor(person) {
    var db = await openDb();
    var pair = await request(db.transaction(STORE).objectStore(STORE).get(person));
    if (!pair) {
      pair = await crypto.subtle.generateKey({ name: "Ed25519" }, false, ["sign", "verify"]);
      await request(db.transaction(STORE, "readwrite").objectStore(STORE).put(pair, person));
    }
    return pair;
  }

  function b64(buffer) {
    var s = "";
    new Uint8Array(buffer).forEach(function (b) { s += String.fromCharCode(b); });
    return btoa(s);
  }

  async function publicInfo(pair) {
    var raw = await crypto.subtle.exportKey("raw", pair.publicKey);
    var digest = new Uint8Array(await crypto.subtle.digest("SHA-256", raw));
    var hex = Array.from(digest, function (b) { return b.toString(16).padStart(2, "0"); }).join("");
    return { publicKey: b64(raw), fingerprint: hex.match(/.{4}/g).join(" ") };
  }

  // RFC 8785 for the values an act holds (strings, integers, null, lists, objects): keys in
  // UTF-16 code unit order, strings and numbers as ECMAScript writes them.
  function canonical(v) {
    if (v === null || typeof v !== "object") { return JSON.stringify(v); }
    if (Array.isArray(v)) { return "[" + v.map(canonical).join(",") + "]"; }
    return "{" + Object.keys(v).sort().map(function (k) {
      return JSON.stringify(k) + ":" + canonical(v[k]);
    }).join(",") + "}";
  }

  // How far `zone`'s wall clock is ahead of UTC at the instant `ms`.
  function zoneOffset(ms, zone) {
    var parts = {};
    new Intl.DateTimeFormat("en-US", {
      timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", second: "2-digit"
    }).formatToParts(new Date(ms)).forEach(function (p) { parts[p.type] = p.value; });
    var wall = Date.UTC(+parts.year, +parts.month - 1, +parts.day,
      +parts.hour, +parts.minute, +parts.second);
    return wall - Math.floor(ms / 1000) * 1000;
  }

  // A datetime-local value read in the zone the server reads the form in (the viewer's
  // chosen one, named on the field), not the browser's own: the two may differ, and the
  // signed time must be the one the server records.
  function utcMicros(local, zone) {
    if (!local) { return null; }
    var m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(local);
    var ms;
    if (zone && m) {
      var wall = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] || 0));
      ms = wall - zoneOffset(wall - zoneOffset(wall, zone), zone);
    } else {
      ms = new Date(local).getTime();
    }
    return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
  }

  function statementFor(form, box, c) {
    var act = box.dataset.act;
    var reason = form.querySelector("[name=reason]");
    var confirmBy = form.querySelector("[name=confirm_by]");
    var chosen = Array.from(form.querySelectorAll("input[name=paragraphs]:checked"),
      function (e) { return e.value; });
    return {
      format: "accord-signed-act/1", state: c.state, person: c.person,
      document_id: c.document_id, revision: c.revision, text_sha256: c.text_sha256,
      act: act === "dissociate" ? "explain" : act,
      reason: reason ? reason.value.trim() : "",
      dissociated_from: act === "dissociate" ? chosen : [],
      confirm_by: act === "approve-ad-referendum" && confirmBy
        ? utcMicros(confirmBy.value, confirmBy.dataset.zone) : null,
      at: c.issued_at, nonce: c.nonce
    };
  }

  var CHALLENGE_ONLY = ["format", "purpose", "nonce", "issued_at", "expires_at"];

  async function sha256hex(text) {
    var digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
    return Array.from(new Uint8Array(digest),
      function (b) { return b.toString(16).padStart(2, "0"); }).join("");
  }

  // The message as the server keeps it: LF line ends, no surrounding blanks.
  function messageText(form, name) {
    return form.querySelector("[name=" + name + "]").value.replace(/\r\n/g, "\n").trim();
  }

  async function stateActFor(form, box, c) {
    var statement = { format: c.purpose, at: c.issued_at, nonce: c.nonce };
    Object.keys(c).forEach(function (k) {
      if (CHALLENGE_ONLY.indexOf(k) < 0) { statement[k] = c[k]; }
    });
    if (box.dataset.messageField) {
      statement.message_sha256 = await sha256hex(messageText(form, box.dataset.messageField));
    }
    return statement;
  }

  function challengeBody(form, box) {
    var body = {};
    (box.dataset.challengeFields || "").split(" ").filter(Boolean).forEach(function (name) {
      body[name] = form.querySelector("[name=" + name + "]").value;
    });
    return JSON.stringify(body);
  }

  // The subject the page showed must be the one the server's challenge names.
  function sameSubject(box, c) {
    if (!box.dataset.purpose) { return c.text_sha256 === box.dataset.textSha256; }
    var shown = JSON.parse(box.dataset.expect || "{}");
    return Object.keys(shown).every(function (k) { return c[k] === shown[k]; });
  }

  async function sign(form, box, field) {
    var say = box.querySelector(".signing-status");
    var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    var answer = await fetch(box.dataset.challengeUrl, {
      method: "POST", credentials: "same-origin", body: challengeBody(form, box),
      headers: { "X-CSRFToken": token, "Content-Type": "application/json" }
    });
    var issued = await answer.json();
    if (!answer.ok) { throw new Error(issued.detail || answer.statusText); }
    var c = issued.challenge;
    if (!sameSubject(box, c)) {
      throw new Error(box.dataset.changed);
    }
    var statement = box.dataset.purpose ? await stateActFor(form, box, c)
      : statementFor(form, box, c);
    box.querySelector(".signing-statement").textContent = canonical(statement);
    var pair = await keyFor(c.person);
    var bytes = new TextEncoder().encode(canonical(statement));
    var signature = await crypto.subtle.sign({ name: "Ed25519" }, pair.privateKey, bytes);
    var info = await publicInfo(pair);
    field.value = JSON.stringify({
      act: statement, key_fingerprint: info.fingerprint, signature: b64(signature)
    });
    say.textContent = box.dataset.signed;
    form.submit();
  }

  function confirmation(box) {
    var form = box.closest("form");
    var field = box.querySelector("input[name=signed]");
    form.addEventListener("submit", function (event) {
      if (field.value) { return; }
      event.preventDefault();
      sign(form, box, field).catch(function (error) {
        box.querySelector(".signing-status").textContent = box.dataset.failed + " " + error.message;
      });
    });
  }

  async function enrolment(box) {
    var info = await publicInfo(await keyFor(box.dataset.person));
    box.querySelector("#signing-public-key").textContent = info.publicKey;
    box.querySelector("#signing-fingerprint").textContent = info.fingerprint;
    var demo = document.getElementById("demo-public-key");
    if (demo) { demo.value = info.publicKey; }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("act-signing");
    if (box) { confirmation(box); }
    var key = document.getElementById("signing-key");
    if (key) {
      enrolment(key).catch(function (error) {
        key.querySelector("#signing-fingerprint").textContent = error.message;
      });
    }
  });
}());
