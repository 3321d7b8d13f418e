// Keeps "being edited by" current while the edit form is open. Without it, the notice still
// shows who opened the article in the last two minutes.
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.dataset.url;
  if (!url || !window.fetch) return;
  // The CSRF cookie is HttpOnly, so the token comes from the edit form itself, as Django
  // documents for that setting.
  var field = document.querySelector("input[name=csrfmiddlewaretoken]");
  var token = field && field.value;
  if (!token) return;
  function beat() {
    fetch(url, { method: "POST", headers: { "X-CSRFToken": token }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        var box = document.querySelector("[data-presence]");
        if (!data || !box) return;
        box.textContent = data.others.length
          ? "Being edited by " + data.others.join(", ") + ". Your save will be refused if theirs lands first."
          : "";
      })
      .catch(function () {});
  }
  setInterval(beat, 60000);
})();
