// Quick exit: the button and Shift pressed three times leave for a neutral site at once.
// location.replace() swaps this page out of the tab's history, so Back does not return here.
(function () {
  "use strict";
  var link = document.getElementById("quick-exit");
  if (!link) return;
  function leave(event) {
    if (event) event.preventDefault();
    document.documentElement.className += " exiting"; // hide the page before the next one loads
    document.title = "";
    window.location.replace(link.href);
  }
  link.addEventListener("click", leave);
  var presses = [];
  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") { presses = []; return; }
    var now = Date.now();
    presses = presses.filter(function (t) { return now - t < 1500; });
    presses.push(now);
    if (presses.length >= 3) leave();
  });
  // Coming back through the cache must not show the page again under the overlay state.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) document.documentElement.className = document.documentElement.className.replace(" exiting", "");
  });
})();

// search-ui.js (data-ui) loads when a search box is first focused; a module script element, so old browsers skip it.
(function () {
  "use strict";
  var forms = document.querySelectorAll("form[data-search][data-ui]");
  var loaded = false;
  function load(event) {
    if (loaded) return;
    loaded = true;
    var script = document.createElement("script");
    script.type = "module";
    script.src = event.currentTarget.getAttribute("data-ui");
    document.head.appendChild(script);
  }
  for (var i = 0; i < forms.length; i++) forms[i].addEventListener("focusin", load);
})();
