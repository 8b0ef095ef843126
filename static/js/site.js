// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Filter forms: a changed facet is applied only when the person presses
  // "Filter anwenden" (WCAG 3.2.2), but we tell them that something is pending.
  document.querySelectorAll("form[data-filter-form]").forEach(function (form) {
    var hint = form.querySelector("[data-pending-hint]");
    if (!hint) return;
    form.addEventListener("change", function () {
      hint.hidden = false;
    });
  });
})();
