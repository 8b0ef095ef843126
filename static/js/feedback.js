// Progressive enhancement for the Mitdenken form: the form works without this file.
// Shows the cooperation fieldset only when "Kooperationsanfrage" is chosen, the need
// fieldset only when "Bedarf melden" is chosen, and the name choice only when the
// author allows publication.
(function () {
  "use strict";
  var form = document.querySelector("form[data-feedback-form]");
  if (!form) return;
  var cooperationKind = form.getAttribute("data-cooperation-kind");
  var cooperation = form.querySelector("[data-cooperation-fields]");
  var needKind = form.getAttribute("data-need-kind");
  var need = form.querySelector("[data-need-fields]");
  var kindInputs = form.querySelectorAll("input[name=kind]");
  var optIn = form.querySelector("input[name=public_opt_in]");
  var nameChoice = form.querySelector("input[name=public_name]");
  var nameGroup = nameChoice ? nameChoice.closest("fieldset") : null;

  function hasErrors(element) {
    return element.querySelector(".errorlist") !== null;
  }

  function showFor(fieldset, kind) {
    var chosen = form.querySelector("input[name=kind]:checked");
    fieldset.hidden = !((chosen && chosen.value === kind) || hasErrors(fieldset));
  }

  function update() {
    if (cooperation) showFor(cooperation, cooperationKind);
    if (need) showFor(need, needKind);
    if (optIn && nameGroup) {
      nameGroup.hidden = !optIn.checked && !hasErrors(nameGroup);
    }
  }

  kindInputs.forEach(function (input) { input.addEventListener("change", update); });
  if (optIn) optIn.addEventListener("change", update);
  update();
})();
