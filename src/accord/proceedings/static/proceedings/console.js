// The speaker's countdown: every [data-ends-at] shows the time left (mm:ss) and turns
// "over" when it runs out. The floor fragment is replaced live by htmx; the timer reads
// the fragment afresh each second, so it needs no restarting. (Announcements: see
// announcements.js.)
(function () {
  "use strict";
  function tick() {
    var now = Date.now();
    document.querySelectorAll("[data-ends-at]").forEach(function (el) {
      var left = Math.max(0, Math.round((Date.parse(el.dataset.endsAt) - now) / 1000));
      var m = Math.floor(left / 60), s = left % 60;
      el.textContent = m + ":" + (s < 10 ? "0" : "") + s;
      el.classList.toggle("over", left === 0);
    });
  }
  setInterval(tick, 1000);
  document.addEventListener("DOMContentLoaded", tick);
})();
