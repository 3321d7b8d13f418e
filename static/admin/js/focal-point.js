// The picture form's focal point: a click on the preview sets the two number fields (which stay
// the keyboard's way to set it); the marker and the crop previews follow the fields. Crops are
// drawn with CSS object-position, which places a point exactly as the server's crops do.
(function () {
  "use strict";
  function fraction(value) {
    var number = parseFloat(value);
    return isNaN(number) ? 0.5 : Math.min(1, Math.max(0, number));
  }
  function percent(value) {
    return Math.round(value * 100) + "%";
  }
  function init(root) {
    var across = document.getElementById("id_focal_x");
    var down = document.getElementById("id_focal_y");
    var preview = root.querySelector(".focal-preview");
    var picture = preview && preview.querySelector("img");
    var marker = root.querySelector(".focal-marker");
    var status = root.querySelector(".focal-status");
    if (!across || !down || !picture || !marker) return;
    function show() {
      var x = fraction(across.value) * 100;
      var y = fraction(down.value) * 100;
      marker.style.left = x + "%";
      marker.style.top = y + "%";
      root.querySelectorAll(".focal-crop img").forEach(function (crop) {
        crop.style.objectPosition = x + "% " + y + "%";
      });
    }
    preview.addEventListener("click", function (event) {
      var box = picture.getBoundingClientRect();
      var x = fraction((event.clientX - box.left) / box.width);
      var y = fraction((event.clientY - box.top) / box.height);
      across.value = x.toFixed(2);
      down.value = y.toFixed(2);
      // Listeners on the form (unsaved-changes warnings) hear of it like of typing.
      across.dispatchEvent(new Event("input", { bubbles: true }));
      down.dispatchEvent(new Event("input", { bubbles: true }));
      across.dispatchEvent(new Event("change", { bubbles: true }));
      if (status) {
        status.textContent = "Focal point set: " + percent(x) + " across, " + percent(y) + " down.";
      }
    });
    across.addEventListener("input", show);
    down.addEventListener("input", show);
    show();
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-focal-point]").forEach(init);
  });
})();
