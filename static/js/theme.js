/* The colour theme of every page: "light", "dark" or "system" (follow the operating system), kept in
 * localStorage under "tomato:theme". Loaded in <head> (base.html) before the page paints, so there is no
 * flash; sets <html data-theme="light|dark"> (the resolved theme) and data-theme-choice (the choice).
 * Pages offer the switch through window.TomatoTheme: get(), set(choice), choices, onChange(fn). */
(function () {
  "use strict";

  var KEY = "tomato:theme";
  var CHOICES = ["system", "light", "dark"];
  var media = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  var listeners = [];

  function get() {
    var value = null;
    try { value = window.localStorage.getItem(KEY); } catch (e) { /* storage refused */ }
    return CHOICES.indexOf(value) >= 0 ? value : "system";
  }

  function resolved(choice) {
    if (choice === "system") return media && media.matches ? "dark" : "light";
    return choice;
  }

  function apply() {
    var choice = get();
    var root = document.documentElement;
    root.setAttribute("data-theme", resolved(choice));
    root.setAttribute("data-theme-choice", choice);
    listeners.forEach(function (fn) { fn(choice, resolved(choice)); });
  }

  function set(choice) {
    if (CHOICES.indexOf(choice) < 0) throw new Error("unknown theme " + choice);
    try { window.localStorage.setItem(KEY, choice); } catch (e) { /* storage refused: this page only */ }
    apply();
  }

  if (media && media.addEventListener) media.addEventListener("change", apply);
  window.addEventListener("storage", function (e) { if (e.key === KEY) apply(); }); // other tabs
  apply();

  window.TomatoTheme = {
    get: get, set: set, choices: CHOICES.slice(),
    resolved: function () { return resolved(get()); },
    onChange: function (fn) { listeners.push(fn); },
  };
})();
