// "Copy link" beside each shareable preview link: copies it with the clipboard API and says
// "Copied" in a live region next to the button. Without the API the button stays hidden and
// the link can be copied by hand.
(function () {
  "use strict";
  if (!navigator.clipboard || !window.isSecureContext) return;
  function say(region, text) {
    if (!region) return;
    region.textContent = "";
    // A fresh change, so a second copy is announced again.
    setTimeout(function () { region.textContent = text; }, 50);
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("button.copy-link[data-copy]").forEach(function (button) {
      var region = button.nextElementSibling;
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(button.dataset.copy).then(
          function () { say(region, "Copied"); },
          function () { say(region, "Not copied: select the link and copy it."); }
        );
      });
    });
  });
})();
