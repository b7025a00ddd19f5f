// Names for what Django's admin widgets leave unnamed, so the editor's forms pass axe-core:
// the search box of a multiple autocomplete (select2), its list wrapper, a single autocomplete with nothing
// chosen yet (named by its field's label), the delete box of a tabular inline row and that inline's empty first
// header, a tabular inline's other fields, and the filter icons of the two-box selector (groups, permissions), whose aria-label needs a role.
// Runs again whenever the admin adds or redraws a widget.
(function () {
  "use strict";

  function labelText(field) {
    var cell = field.closest("td");
    if (cell) {
      var header = cell.closest("table").querySelectorAll("thead th, thead td")[cell.cellIndex];
      return header ? header.textContent.trim() : "";
    }
    var row = field.closest(".form-row, .form-multiline, div");
    var select = row && row.querySelector("select[id]");
    var label = select && document.querySelector('label[for="' + select.id + '"]');
    return label ? label.textContent.replace(/:\s*$/, "").trim() : "";
  }

  function repair() {
    document.querySelectorAll(".select2-search__field:not([aria-label])").forEach(function (field) {
      var text = labelText(field);
      if (text) {
        field.setAttribute("aria-label", text);
      }
    });
    document.querySelectorAll('td.delete input[type="checkbox"]:not([aria-label])').forEach(function (box) {
      var text = labelText(box);
      if (text) {
        box.setAttribute("aria-label", text);
      }
    });
    document.querySelectorAll(".select2-selection--single:not([data-labelled])").forEach(function (box) {
      var container = box.closest(".select2-container");
      var select = container && container.previousElementSibling;
      var label = select && select.id && document.querySelector('label[for="' + select.id + '"]');
      var rendered = box.querySelector(".select2-selection__rendered[role=textbox]");
      if (label) {
        label.id = label.id || select.id + "-label";
        box.setAttribute("aria-labelledby", (label.id + " " + (box.getAttribute("aria-labelledby") || "")).trim());
        box.setAttribute("data-labelled", "");
        if (rendered) {
          rendered.setAttribute("aria-labelledby", label.id);
        }
      } else if (select && select.closest("td")) {
        // a row of a tabular inline: named by its column's header
        var text = labelText(select);
        if (text) {
          box.removeAttribute("aria-labelledby");
          box.setAttribute("aria-label", text);
          box.setAttribute("data-labelled", "");
          if (rendered) {
            rendered.setAttribute("aria-label", text);
          }
        }
      }
    });
    document.querySelectorAll("ul.select2-selection__rendered:not([role])").forEach(function (list) {
      list.setAttribute("role", "presentation");
    });
    // a select or field in a tabular inline row (a membership's role): named by its column's header
    document.querySelectorAll(".tabular td select, .tabular td input:not([type=hidden]), .tabular td textarea")
      .forEach(function (field) {
        if (field.labels.length || field.hasAttribute("aria-label") || field.hasAttribute("aria-labelledby")) {
          return;
        }
        var text = labelText(field);
        if (text) {
          field.setAttribute("aria-label", text);
        }
      });
    document.querySelectorAll(".search-label-icon[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
    document.querySelectorAll("thead th.original").forEach(function (header) {
      if (!header.textContent.trim()) {
        var cell = document.createElement("td");
        cell.className = header.className;
        header.replaceWith(cell);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    repair();
    new MutationObserver(repair).observe(document.body, { childList: true, subtree: true });
  });
})();
