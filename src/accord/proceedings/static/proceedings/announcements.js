// The chair's announcements to the room, live: a "sitting.announced" event for this
// meeting (the list's data-meeting) is added at the top of every [data-announcements] list
// on the page, on the chair's console and on each participant's meeting page alike. The
// stream already carries only what the reader may see; the meeting check keeps another
// meeting's announcements out of this room.
(function () {
  "use strict";
  document.addEventListener("accord:event", function (event) {
    var detail = event.detail;
    if (detail.kind !== "sitting.announced" || !detail.data) { return; }
    document.querySelectorAll("[data-announcements]").forEach(function (box) {
      if (box.dataset.meeting && box.dataset.meeting !== detail.data.meeting) { return; }
      var empty = box.querySelector("[data-empty]");
      if (empty) { empty.remove(); }
      var item = document.createElement("li");
      item.textContent = detail.data.text;
      item.className = "fresh";
      box.insertBefore(item, box.firstChild);
    });
  });
})();
