// The duty officer view: make an incoming hotline message impossible to miss. The panel
// itself is refreshed by htmx (hx-trigger="accord:<kind> from:body"); this only adds what
// htmx cannot: the tab title and a reload of the hotline log page. No inline script: CSP.
(function () {
  "use strict";
  var baseTitle = document.title;
  function flag() {
    var unread = document.querySelectorAll("[data-hotline-unread]").length;
    document.title = unread ? "(" + unread + ") \u26a0 " + baseTitle : baseTitle;
  }
  document.body.addEventListener("htmx:afterSwap", flag);
  document.addEventListener("accord:event", function (event) {
    var kind = event.detail && event.detail.kind;
    if (kind && kind.indexOf("hotline.") === 0 && document.querySelector("[data-hotline-log]")) {
      window.location.reload();
    }
  });
  flag();
})();
