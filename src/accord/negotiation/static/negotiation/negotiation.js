// Negotiation pages: small conveniences only; every form works without script.
(function () {
  "use strict";
  // The signing page: read a chosen file into the text area so it can be checked before sending.
  var file = document.getElementById("signed_file");
  var area = document.getElementById("signed");
  if (file && area && window.FileReader) {
    file.addEventListener("change", function () {
      if (!file.files.length) { return; }
      var reader = new FileReader();
      reader.onload = function () { area.value = reader.result; };
      reader.readAsText(file.files[0]);
    });
  }
  // The amendment form: "Use this wording" puts agreed language into the new wording.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button.use-agreed");
    var wording = document.getElementById("am-text");
    if (!button || !wording) { return; }
    wording.value = button.getAttribute("data-text");
    wording.focus();
  });
})();
