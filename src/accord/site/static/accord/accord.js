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
  // The home page's "what needs you" and "what is new" refresh themselves through htmx
  // (hx-trigger="accord:event from:document"): sentences from the server, never raw codes.
  window.accordEvents = source;
})();
