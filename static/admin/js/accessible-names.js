// Controls that the admin's widgets build without a name screen readers can announce:
// - select2 pickers (Series, Lead picture, Uploaded by, Organization …) point aria-labelledby at
//   their own rendered text only, which is empty until something is chosen;
// - the cells of tabular inlines have a column header but no <label>.
// Both get their field's visible label; nothing else about the widgets changes.
(function () {
  "use strict";
  function labelId(label, fallback) {
    if (!label.id) label.id = fallback + "-label";
    return label.id;
  }
  function namePicker(selection) {
    var container = selection.closest(".select2-container");
    var select = container && container.previousElementSibling;
    if (!select || select.tagName !== "SELECT" || !select.id) return;
    var label = document.querySelector('label[for="' + select.id + '"]');
    var own = selection.getAttribute("aria-labelledby") || "";
    // The rendered value is announced as a read-only text box of its own: name it too.
    var rendered = selection.querySelector('.select2-selection__rendered[role="textbox"]');
    if (label) {
      var id = labelId(label, select.id);
      selection.setAttribute("aria-labelledby", (id + " " + own).trim());
      if (rendered && rendered.id) rendered.setAttribute("aria-labelledby", id + " " + rendered.id);
    } else {
      var header = columnHeader(select);
      if (header) selection.setAttribute("aria-label", header);
      if (header && rendered) rendered.setAttribute("aria-label", header);
    }
    selection.setAttribute("data-named", "1");
  }
  function columnHeader(control) {
    var cell = control.closest("td");
    var table = cell && cell.closest("table");
    if (!table || !table.tHead) return "";
    var row = table.tHead.rows[0];
    var index = Array.prototype.indexOf.call(cell.parentElement.cells, cell);
    var th = row && row.cells[index];
    return th ? th.textContent.replace(/\s+/g, " ").trim() : "";
  }
  function nameCell(control) {
    if (control.type === "hidden" || control.getAttribute("aria-label")) return;
    if (control.id && document.querySelector('label[for="' + control.id + '"]')) return;
    var header = columnHeader(control);
    if (header) control.setAttribute("aria-label", header);
  }
  function sweep() {
    document.querySelectorAll('.select2-selection[role="combobox"]:not([data-named])').forEach(namePicker);
    document.querySelectorAll(".tabular td input, .tabular td select, .tabular td textarea").forEach(nameCell);
  }
  document.addEventListener("DOMContentLoaded", function () {
    sweep();
    new MutationObserver(sweep).observe(document.body, { childList: true, subtree: true });
  });
})();
