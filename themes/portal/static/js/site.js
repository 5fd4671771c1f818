// @component quick-exit

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
  Array.prototype.forEach.call(forms, function (form) {
    form.addEventListener("focusin", load);
  });
})();
