// Lean Coffee board: progressive enhancement only. Without this file the board
// works through plain forms, and reloads itself every 20 seconds on request.
//
// With it, the board asks the server every few seconds for its state
// (stand.json). Only when the state changed does it redraw the changing part
// (new topics, dots, the topic under discussion with its timebox, actions),
// keeping the keyboard focus where it was and never while someone types.
(function () {
  "use strict";

  var POLL_SECONDS = 5;

  // A status region that is there before words go in (or nothing is announced): the
  // board's own, else one added now.
  var announce = document.querySelector("[data-board-announce]");
  if (!announce && document.querySelector("[data-timebox-ends]")) {
    announce = document.createElement("p");
    announce.className = "visually-hidden";
    announce.setAttribute("role", "status");
    document.body.appendChild(announce);
  }
  function say(text) {
    if (!announce) return;
    window.setTimeout(function () { announce.textContent = text; }, 100);
  }

  // Countdown of the running timebox, inside `root`. The seconds tick silently; the end
  // of each timebox is announced once, also when the board is redrawn afterwards.
  var timers = [];
  var overAnnounced = {};
  function startCountdowns(root) {
    timers.forEach(window.clearTimeout);
    timers = [];
    root.querySelectorAll("[data-timebox-ends]").forEach(function (el) {
      var ends = Date.parse(el.getAttribute("data-timebox-ends"));
      if (isNaN(ends)) return;
      function tick() {
        var left = Math.round((ends - Date.now()) / 1000);
        if (left <= 0) {
          el.textContent = "Die Zeit ist um – Daumen-Abstimmung!";
          el.classList.add("timebox__left--over");
          if (!overAnnounced[ends]) {
            overAnnounced[ends] = true;
            say(el.textContent);
          }
          return;
        }
        var minutes = Math.floor(left / 60);
        var seconds = left % 60;
        el.textContent = "noch " + minutes + ":" + (seconds < 10 ? "0" : "") + seconds + " Minuten";
        timers.push(window.setTimeout(tick, 1000));
      }
      el.removeAttribute("aria-hidden");
      tick();
    });
  }

  var live = document.querySelector("[data-board-state]");
  if (!live) return;
  startCountdowns(live);

  // The switch to pause live updates (WCAG 2.2.2), remembered for this tab.
  var key = "formats-board-live";
  var wrapper = document.createElement("p");
  wrapper.className = "board-refresh";
  var box = document.createElement("input");
  box.type = "checkbox";
  box.id = "board-live";
  var label = document.createElement("label");
  label.htmlFor = "board-live";
  label.textContent = " Board laufend aktualisieren";
  wrapper.appendChild(box);
  wrapper.appendChild(label);
  live.parentNode.insertBefore(wrapper, live);
  box.checked = true;
  try { box.checked = window.sessionStorage.getItem(key) !== "0"; } catch (e) { /* storage off */ }
  box.addEventListener("change", function () {
    try { window.sessionStorage.setItem(key, box.checked ? "1" : "0"); } catch (e) { /* ignore */ }
  });

  var url = live.getAttribute("data-board-state");
  var version = live.getAttribute("data-board-version");
  var running = live.querySelector(".topic-card--now .topic-card__title");
  var discussing = running ? running.textContent : "";

  function typingInside() {
    var active = document.activeElement;
    return active && live.contains(active) && /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName);
  }

  // Where the focus is, as "topic card + position among its controls", to find it again.
  function focusKey() {
    var active = document.activeElement;
    if (!active || !live.contains(active)) return null;
    var card = active.closest("[data-topic]");
    var scope = card || live;
    var controls = Array.prototype.slice.call(scope.querySelectorAll("button, a, input, select, textarea"));
    return { topic: card ? card.getAttribute("data-topic") : null, index: controls.indexOf(active) };
  }

  function restoreFocus(saved) {
    if (!saved) return;
    var scope = saved.topic ? live.querySelector('[data-topic="' + saved.topic + '"]') : live;
    if (!scope) return;
    var controls = scope.querySelectorAll("button, a, input, select, textarea");
    var target = controls[Math.min(saved.index, controls.length - 1)];
    if (target) target.focus();
  }

  function announceChanges(state) {
    var now = state.discussing.length ? state.discussing[0].title : null;
    if (now && now !== discussing) say("Jetzt im Gespräch: " + now);
    discussing = now || "";
  }

  function poll() {
    if (!box.checked || document.visibilityState !== "visible" || typingInside()) return;
    window.fetch(url + "?stand=" + encodeURIComponent(version), {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    }).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    }).then(function (state) {
      if (!state.changed || typingInside()) return;
      var saved = focusKey();
      live.innerHTML = state.html;
      version = state.version;
      live.setAttribute("data-board-version", version);
      startCountdowns(live);
      restoreFocus(saved);
      announceChanges(state);
    }).catch(function () { /* try again at the next tick */ });
  }

  if (window.fetch) {
    window.setInterval(poll, POLL_SECONDS * 1000);
  } else {
    // Very old browsers: reload the whole page instead, as before.
    window.setInterval(function () {
      if (box.checked && !typingInside() && document.visibilityState === "visible") {
        window.location.reload();
      }
    }, 20000);
  }
})();
