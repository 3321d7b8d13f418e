// The rich-text editor replaces its <textarea> with an editable element that has no name for
// screen readers; give it the textarea's label.
(function () {
  "use strict";
  function textareaFor(editor) {
    for (var node = editor.parentElement, depth = 0; node && depth < 5; node = node.parentElement, depth++) {
      var textarea = node.querySelector("textarea");
      if (textarea) return textarea;
    }
    return null;
  }
  function name(editor) {
    var textarea = textareaFor(editor);
    var label = textarea && document.querySelector('label[for="' + textarea.id + '"]');
    if (!label) return;
    if (!label.id) label.id = textarea.id + "-label";
    editor.setAttribute("aria-labelledby", label.id);
    editor.setAttribute("aria-multiline", "true");
  }
  function sweep() {
    document.querySelectorAll('.ProseMirror[contenteditable="true"]:not([aria-labelledby])').forEach(name);
  }
  document.addEventListener("DOMContentLoaded", function () {
    sweep();
    new MutationObserver(sweep).observe(document.body, { childList: true, subtree: true });
  });
})();
