// The duty officer view: make an incoming hotline message impossible to miss. The panel
// itself is refreshed by htmx (hx-trigger="accord:<kind> from:body"); this only adds what
// htmx cannot: the tab title. The hotline page refreshes its thread by htmx alone, so a
// half-typed message is never lost. No inline script: CSP.
(function () {
  "use strict";
  var baseTitle = document.title;
  function flag() {
    var unread = document.querySelectorAll("[data-hotline-unread]").length;
    document.title = unread ? "(" + unread + ") \u26a0 " + baseTitle : baseTitle;
  }
  document.body.addEventListener("htmx:afterSwap", flag);
  flag();
})();
