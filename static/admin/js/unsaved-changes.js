// The article form's unsaved state: a browser warning before leaving it with unsaved changes,
// and, for autosave.js, what "the form's fields" and "changed" mean. Submitting the form itself
// (Save, or any workflow button, which saves first) never warns.
(function () {
  "use strict";
  var script = document.currentScript;
  var form = document.getElementById("article_form");
  if (!form) return;
  // Not the person's input: the session's token, the revision they read, conflict choices.
  var NOT_INPUT = /^(csrfmiddlewaretoken|revision|keep_theirs)$/;

  // Whether a control of the form holds the person's input (buttons and files do not; nor does
  // the template row an inline copies for "Add another").
  function isInput(el) {
    var type = (el.type || "").toLowerCase();
    if (!el.name || el.disabled || NOT_INPUT.test(el.name)) return false;
    if (el.name.indexOf("__prefix__") !== -1) return false;
    return el.tagName !== "BUTTON" && !/^(submit|button|reset|image|file)$/.test(type);
  }

  // [[name, value, label of the chosen option or ""], …] for every field of the form, including
  // those outside it that belong to it (the workflow panel's comment), in document order.
  function fields() {
    var out = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      var type = (el.type || "").toLowerCase();
      if (!isInput(el)) return;
      if ((type === "checkbox" || type === "radio") && !el.checked) return;
      if (el.tagName === "SELECT") {
        Array.prototype.forEach.call(el.selectedOptions, function (option) {
          out.push([el.name, option.value, option.text]);
        });
        return;
      }
      out.push([el.name, el.value, ""]);
    });
    return out;
  }

  function serialized() {
    return JSON.stringify(fields().map(function (f) { return [f[0], f[1]]; }));
  }

  var loaded = null;
  var submitting = false;
  // A form shown again after a refused save holds input that exists nowhere else.
  var refusedInput = Boolean(script && script.hasAttribute("data-unsaved-input"));

  function isDirty() {
    if (submitting) return false;
    return refusedInput || (loaded !== null && serialized() !== loaded);
  }

  document.addEventListener("DOMContentLoaded", function () { loaded = serialized(); });
  form.addEventListener("submit", function () { submitting = true; });
  // Back from the browser's cache after a submit: the page is live again.
  window.addEventListener("pageshow", function (event) { if (event.persisted) submitting = false; });
  window.addEventListener("beforeunload", function (event) {
    if (!isDirty()) return;
    event.preventDefault();
    event.returnValue = ""; // older browsers show their own wording only when this is set
  });

  window.ArticleForm = { form: form, fields: fields, isInput: isInput, isDirty: isDirty };
})();
