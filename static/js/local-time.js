// Deadlines are rendered in UTC on the server; where JavaScript runs, show them in the reader's own time zone.
(function () {
  "use strict";
  if (!window.Intl || !Intl.DateTimeFormat) {
    return;
  }
  var language = document.documentElement.lang || undefined;
  var format;
  try {
    format = new Intl.DateTimeFormat(language, {
      year: "numeric",
      month: "long",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      timeZoneName: "short",
    });
  } catch (error) {
    return;
  }
  var nodes = document.querySelectorAll("time[data-local-time]");
  for (var i = 0; i < nodes.length; i++) {
    var moment = new Date(nodes[i].getAttribute("datetime"));
    if (!isNaN(moment.getTime())) {
      nodes[i].title = nodes[i].textContent;
      nodes[i].textContent = format.format(moment);
    }
  }
})();
