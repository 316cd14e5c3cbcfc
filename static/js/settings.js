/* The settings page's theme choice. Uses window.TomatoTheme (static/js/theme.js) when the page has it;
 * otherwise keeps the same choice under the same key ("tomato:theme") and sets <html data-theme> itself. */
(function () {
  "use strict";

  var KEY = "tomato:theme";
  var media = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  var theme = window.TomatoTheme || {
    get: function () {
      var v = null;
      try { v = window.localStorage.getItem(KEY); } catch (e) { /* storage refused */ }
      return ["light", "dark", "system"].indexOf(v) >= 0 ? v : "system";
    },
    set: function (choice) {
      try { window.localStorage.setItem(KEY, choice); } catch (e) { /* this page only */ }
      var dark = choice === "dark" || (choice === "system" && media && media.matches);
      document.documentElement.setAttribute("data-theme", dark ? "dark" : "light");
      document.documentElement.setAttribute("data-theme-choice", choice);
    },
  };

  var box = document.getElementById("theme-choice");
  if (!box) return;
  var current = theme.get();
  if (!window.TomatoTheme) theme.set(current);
  box.querySelectorAll("input[name=theme]").forEach(function (input) {
    input.checked = input.value === current;
    input.addEventListener("change", function () { if (input.checked) theme.set(input.value); });
  });

  // A last check before the one irreversible button.
  var everywhere = document.getElementById("logout-everywhere");
  if (everywhere) everywhere.addEventListener("submit", function (e) {
    if (everywhere.dataset.confirmed) return;
    e.preventDefault();
    var button = everywhere.querySelector("button");
    button.textContent = "Click again to log out everywhere";
    everywhere.dataset.confirmed = "1";
    button.focus();
  });
})();
