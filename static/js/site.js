// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Filter forms: a changed facet is applied only when the person presses
  // "Filter anwenden" (WCAG 3.2.2), but we tell them that something is pending.
  document.querySelectorAll("form[data-filter-form]").forEach(function (form) {
    var hint = form.querySelector("[data-pending-hint]");
    if (!hint) return;
    form.addEventListener("change", function (event) {
      // Right under the group just changed, not at the far end of a long filter list.
      var group = event.target.closest("fieldset");
      if (group && hint.previousElementSibling !== group) {
        group.parentNode.insertBefore(hint, group.nextSibling);
      }
      hint.hidden = false;
    });
  });
})();

(function () {
  "use strict";
  // Error summaries (templates/includes/error_summary.html), on every form.
  // After a failed submission, move focus to the summary so that screen reader
  // and keyboard users start where the problems are listed. Its top comes to the
  // top of the screen: focus() alone centres it, and on a phone a long summary
  // then loses its own heading above the top edge.
  var summary = document.querySelector(".error-summary[tabindex]");
  if (!summary) return;
  summary.scrollIntoView({ block: "start" });
  summary.focus({ preventScroll: true });

  // A summary link jumps to its field. Without this the browser puts the field
  // at the top edge and its label or legend (and the error) above the screen;
  // CSS scroll-margin-top is the fallback. Here the field's whole row comes
  // into view first, then the field gets focus without scrolling again.
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) return;
    var field = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!field) return;
    var row = field.closest(".form-row, .choice-group, fieldset") || field;
    event.preventDefault();
    row.scrollIntoView({ block: "start" });
    field.focus({ preventScroll: true });
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", link.hash);
    }
  });
})();

(function () {
  "use strict";
  // Messages after an action ("Punkt gesetzt.", base.html) stand in a status region,
  // but a screen reader announces a live region only when its content changes, not
  // what it held when the page loaded. So a second, visually hidden status region
  // right behind the messages receives their text once the page is ready, and is
  // announced wherever focus is; the visible copy is hidden from screen readers so
  // that nothing is read twice.
  var box = document.querySelector(".messages[role=status]");
  if (!box) return;
  var announcer = document.createElement("div");
  announcer.className = "visually-hidden";
  announcer.setAttribute("role", "status");
  box.parentNode.insertBefore(announcer, box.nextSibling);
  box.removeAttribute("role");
  box.setAttribute("aria-hidden", "true");
  var texts = Array.prototype.map.call(box.querySelectorAll(".message"), function (message) {
    return message.textContent.trim();
  });
  window.setTimeout(function () {
    announcer.textContent = texts.join(" ");
  }, 250);
})();
