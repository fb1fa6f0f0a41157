// Voting from the keyboard: a = agree, d = disagree, p = pass (unless typing in a field).
// After each vote htmx swaps in the next statement; focus moves to it so that a screen
// reader announces it and the keys keep working.
(function () {
  "use strict";
  function focusCard() {
    var target = document.querySelector("[data-vote-focus]");
    if (target) { target.focus(); }
  }
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var tag = (event.target && event.target.tagName) || "";
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") { return; }
    var card = document.querySelector("[data-vote-card]");
    if (!card) { return; }
    var button = card.querySelector('button[data-key="' + event.key.toLowerCase() + '"]');
    if (!button) { return; }
    event.preventDefault();
    button.click();
  });
  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.target && event.target.id === "voting") {
      // htmx wires the new form only when it settles (20 ms later): a key pressed before
      // then would post it as a plain form and reload the page. Wire it now.
      if (window.htmx) { window.htmx.process(event.target); }
      focusCard();
    }
  });
  document.addEventListener("DOMContentLoaded", focusCard);
})();
