// Quick exit: leave for a neutral site at once and take this page out of the history, so that "Back"
// does not return to the portal. Without JavaScript the link still leaves (the history entry stays).
(function () {
  "use strict";
  var link = document.querySelector("a[data-quick-exit]");
  if (!link) {
    return;
  }
  var url = link.href;
  function leave(event) {
    if (event) {
      event.preventDefault();
    }
    // Blank the page first: a slow network must not leave the portal on screen while the next site loads.
    document.documentElement.style.visibility = "hidden";
    window.location.replace(url);
  }
  link.addEventListener("click", leave);
  // Escape twice within a second leaves too, from anywhere on the page.
  var lastEscape = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" && event.key !== "Esc") {
      return;
    }
    var now = Date.now();
    if (now - lastEscape < 1000) {
      leave(event);
    } else {
      lastEscape = now;
    }
  });
})();
