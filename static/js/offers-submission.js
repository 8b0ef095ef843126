// Progressive enhancement for the provider pages; everything works without it.
(function () {
  "use strict";
  // After a failed submission, move focus to the error summary so that screen
  // reader and keyboard users start where the problems are listed.
  var summary = document.querySelector(".error-summary[tabindex]");
  if (summary) {
    summary.focus();
  }
})();
