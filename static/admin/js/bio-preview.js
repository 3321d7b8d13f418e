// Shows the bio sentence as staff edit the author and their affiliations. The sentence is
// composed on the server by the same rule the site uses; without JavaScript the field shows the
// saved author's sentence.
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.dataset.url;
  if (!url || !window.fetch) return;
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("#author_form");
    var target = document.querySelector(".field-current_bio .readonly");
    if (!form || !target) return;
    target.setAttribute("aria-live", "polite");
    var timer = null;
    function refresh() {
      clearTimeout(timer);
      timer = setTimeout(function () {
        fetch(url, { method: "POST", body: new FormData(form), credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : null; })
          .then(function (data) { if (data) target.textContent = data.bio_line || "—"; })
          .catch(function () {});
      }, 300);
    }
    form.addEventListener("input", refresh);
    form.addEventListener("change", refresh);
    // Organizations are chosen in select2 widgets, which announce changes through jQuery.
    if (window.django && window.django.jQuery) {
      window.django.jQuery(form).on("select2:select select2:clear", refresh);
    }
  });
})();
