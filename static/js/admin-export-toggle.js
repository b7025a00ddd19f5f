// The export page's "select all" box, wired here instead of an inline onchange (Content Security Policy).
document.querySelectorAll(".select-toggle").forEach((toggle) => {
  toggle.addEventListener("change", (event) => onSelectToggleChange(event)); // from django-import-export
});
