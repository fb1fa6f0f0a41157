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
})();
