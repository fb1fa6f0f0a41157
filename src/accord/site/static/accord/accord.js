// Live updates: one EventSource per page, re-dispatched as DOM events so that any page can
// react: "accord:event" on document (detail = {id, kind, object_type, object_id, data}), and
// for htmx, "accord:<kind>" on <body> (hx-trigger="accord:concern.raised from:body").
(function () {
  "use strict";
  var url = document.body.dataset.eventsUrl;
  if (!url || !window.EventSource) { return; }
  var source = new EventSource(url);
  source.addEventListener("message", function (message) {
    var detail;
    try { detail = JSON.parse(message.data); } catch (e) { return; }
    detail.id = message.lastEventId;
    document.dispatchEvent(new CustomEvent("accord:event", { detail: detail }));
    if (window.htmx) { window.htmx.trigger(document.body, "accord:" + detail.kind, detail); }
  });
  document.addEventListener("accord:event", function (event) {
    var feed = document.querySelector("[data-live-feed]");
    if (!feed) { return; }
    var item = document.createElement("li");
    var stamp = new Date().toISOString().slice(0, 16).replace("T", " ");
    item.textContent = stamp + " " + event.detail.kind;
    item.className = "fresh";
    feed.insertBefore(item, feed.firstChild);
  });
  window.accordEvents = source;
})();
