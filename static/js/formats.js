// Lean Coffee board: progressive enhancement only. Without this file the board
// works through plain forms and reloading the page.
(function () {
  "use strict";

  // Countdown of the running timebox. The seconds tick silently; when the time is up,
  // a status region (there before the words go in, or nothing is announced) says so.
  var announcer = null;
  if (document.querySelector("[data-timebox-ends]")) {
    announcer = document.createElement("p");
    announcer.className = "visually-hidden";
    announcer.setAttribute("role", "status");
    document.body.appendChild(announcer);
  }
  document.querySelectorAll("[data-timebox-ends]").forEach(function (el) {
    var ends = Date.parse(el.getAttribute("data-timebox-ends"));
    if (isNaN(ends)) return;
    function tick() {
      var left = Math.round((ends - Date.now()) / 1000);
      if (left <= 0) {
        el.textContent = "Die Zeit ist um – Daumen-Abstimmung!";
        el.classList.add("timebox__left--over");
        window.setTimeout(function () {
          announcer.textContent = el.textContent;
        }, 100);
        return;
      }
      var minutes = Math.floor(left / 60);
      var seconds = left % 60;
      el.textContent = "noch " + minutes + ":" + (seconds < 10 ? "0" : "") + seconds + " Minuten";
      window.setTimeout(tick, 1000);
    }
    el.removeAttribute("aria-hidden");
    tick();
  });

  // Optional auto-refresh: off by default (WCAG 2.2.2), remembered for this tab.
  var board = document.querySelector("[data-board-refresh]");
  if (!board) return;
  var seconds = parseInt(board.getAttribute("data-board-refresh"), 10) || 20;
  var key = "formats-board-refresh";
  var wrapper = document.createElement("p");
  wrapper.className = "board-refresh";
  var box = document.createElement("input");
  box.type = "checkbox";
  box.id = "board-refresh";
  var label = document.createElement("label");
  label.htmlFor = "board-refresh";
  label.textContent = " Board alle " + seconds + " Sekunden neu laden";
  wrapper.appendChild(box);
  wrapper.appendChild(label);
  board.parentNode.insertBefore(wrapper, board);
  try { box.checked = window.sessionStorage.getItem(key) === "1"; } catch (e) { /* storage off */ }
  box.addEventListener("change", function () {
    try { window.sessionStorage.setItem(key, box.checked ? "1" : "0"); } catch (e) { /* ignore */ }
  });
  var dirty = false;
  document.addEventListener("input", function (event) {
    if (event.target !== box) dirty = true;
  });
  window.setInterval(function () {
    var active = document.activeElement;
    var typing = active && active !== box && /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName);
    if (box.checked && !dirty && !typing && document.visibilityState === "visible") {
      window.location.reload();
    }
  }, seconds * 1000);
})();
