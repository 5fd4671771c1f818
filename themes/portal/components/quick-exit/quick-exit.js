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
