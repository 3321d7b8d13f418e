// Autosave: while the article form differs from what was loaded, its fields are kept every few
// seconds in the person's own buffer on the server (articles/admin/autosave.py) — not a
// revision, seen by nobody else. Coming back after a closed tab or a crash, the form offers to
// restore them. Restoring also restores the version the input was based on, so saving it goes
// through the usual stale-save check and never overwrites someone else's save.
(function () {
  "use strict";
  var script = document.currentScript;
  var state = window.ArticleForm;
  if (!script || !state || !window.fetch || !window.JSON) return;
  var form = state.form;
  var url = script.dataset.url;
  var discardUrl = script.dataset.discardUrl;
  // The CSRF cookie is HttpOnly, so the token comes from the form itself.
  var tokenField = form.querySelector("input[name=csrfmiddlewaretoken]");
  var token = tokenField && tokenField.value;
  if (!url || !token) return;
  // How often (AUTOSAVE_SECONDS); 0 keeps nothing while typing, restoring still works.
  var EVERY_MS = Number(script.dataset.everyMs || 5000);
  var KEEPALIVE_LIMIT = 60000; // browsers refuse larger bodies on a page being closed
  var lastSent = null;
  var stopped = false;
  var status = statusLine();

  function statusLine() {
    var line = document.createElement("p");
    line.className = "autosave-status help";
    var rows = form.querySelectorAll(".submit-row");
    var last = rows[rows.length - 1];
    if (last) last.parentNode.insertBefore(line, last.nextSibling);
    else form.appendChild(line);
    return line;
  }

  function post(target, body, keepalive) {
    return fetch(target, {
      method: "POST",
      credentials: "same-origin",
      keepalive: Boolean(keepalive),
      headers: { "X-CSRFToken": token, "Content-Type": "application/json" },
      body: body
    });
  }

  function keep(closing) {
    if (stopped || !state.isDirty()) return;
    var body = JSON.stringify({ fields: state.fields() });
    if (body === lastSent) return;
    lastSent = body;
    post(url, body, closing && body.length < KEEPALIVE_LIMIT)
      .then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, code: response.status, data: data }; });
      })
      .then(function (answer) {
        if (answer.ok) {
          status.textContent = "Unsaved changes kept on the server at " + answer.data.saved_at + ". Save to keep them for good.";
          return;
        }
        if (answer.code === 403 || answer.code === 413) stopped = true;
        status.textContent = "Autosave: " + (answer.data.error || "not kept") + " Your changes are only on this page.";
      })
      .catch(function () {
        lastSent = null; // try again on the next tick
        if (!closing) status.textContent = "Autosave could not reach the server; your changes are only on this page.";
      });
  }

  if (EVERY_MS > 0) {
    setInterval(keep, EVERY_MS);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") keep(true);
    });
  }
  form.addEventListener("submit", function () { stopped = true; });

  // --- restoring ----------------------------------------------------------------------------

  var dataNode = document.getElementById("edit-buffer-data");
  var prompt = document.getElementById("restore-prompt");
  if (!dataNode || !prompt) return;
  var buffer = JSON.parse(dataNode.textContent);

  function byName(entries) {
    var map = {};
    entries.forEach(function (entry) { (map[entry[0]] = map[entry[0]] || []).push(entry); });
    return map;
  }

  function sameAsForm() {
    var skip = function (entry) { return entry[0] !== "edit_version"; };
    var pairs = function (entries) { return JSON.stringify(entries.filter(skip).map(function (e) { return [e[0], e[1]]; })); };
    return pairs(buffer.fields) === pairs(state.fields());
  }

  function fire(el, type) { el.dispatchEvent(new Event(type, { bubbles: true })); }

  // Inline rows (bylines, notes): as many as the buffer had, added with the admin's own link.
  function matchRows(wanted) {
    Object.keys(wanted).forEach(function (name) {
      var match = /^(.+)-TOTAL_FORMS$/.exec(name);
      var total = match && form.querySelector('input[name="' + name + '"]');
      if (!total) return;
      var prefix = match[1];
      var want = parseInt(wanted[name][0][1], 10) || 0;
      var group = document.getElementById(prefix + "-group");
      var add = group && group.querySelector(".add-row a");
      for (var guard = 0; add && parseInt(total.value, 10) < want && guard < 200; guard++) add.click();
      var removable = group ? group.querySelectorAll(".dynamic-" + prefix + " .inline-deletelink") : [];
      for (var i = removable.length - 1; i >= 0 && parseInt(total.value, 10) > want; i--) removable[i].click();
    });
  }

  function setSelect(el, entries) {
    var values = entries.map(function (e) { return e[1]; });
    entries.forEach(function (entry) {
      var exists = Array.prototype.some.call(el.options, function (o) { return o.value === entry[1]; });
      if (!exists) el.add(new Option(entry[2] || entry[1], entry[1], false, false));
    });
    Array.prototype.forEach.call(el.options, function (o) { o.selected = values.indexOf(o.value) !== -1; });
  }

  function setBody(el, html) {
    var wrapper = el.closest(".prose-editor");
    var view = wrapper && wrapper.querySelector(".ProseMirror[contenteditable]");
    el.value = html;
    if (view && view.editor) view.editor.commands.setContent(html, { emitUpdate: true });
  }

  function restore() {
    var wanted = byName(buffer.fields);
    matchRows(wanted);
    Array.prototype.forEach.call(form.elements, function (el) {
      var type = (el.type || "").toLowerCase();
      if (!state.isInput(el)) return;
      var entries = wanted[el.name];
      if (type === "checkbox" || type === "radio") {
        var on = Boolean(entries) && entries.some(function (e) { return e[1] === el.value; });
        if (el.checked !== on) { el.checked = on; fire(el, "change"); }
        return;
      }
      if (!entries) return;
      if (el.tagName === "SELECT") setSelect(el, entries);
      else if (el.name === "body" && el.closest(".prose-editor")) setBody(el, entries[0][1]);
      else el.value = entries[0][1];
      fire(el, "input");
      fire(el, "change");
    });
  }

  function close(message) {
    prompt.innerHTML = "";
    var line = document.createElement("p");
    line.setAttribute("role", "status");
    line.tabIndex = -1;
    line.textContent = message;
    prompt.appendChild(line);
    line.focus();
  }

  if (sameAsForm()) {
    // Nothing in it that the form does not already hold (saved from another tab, say).
    post(discardUrl, "{}").catch(function () {});
    return;
  }
  prompt.hidden = false;
  prompt.querySelector("[data-restore]").addEventListener("click", function () {
    restore();
    close("Your unsaved changes are back in the form. Save to keep them.");
  });
  prompt.querySelector("[data-discard]").addEventListener("click", function () {
    post(discardUrl, "{}").catch(function () {});
    close("Discarded. The form shows the article as it was last saved.");
  });
  prompt.querySelector("[data-restore]").focus();
})();
