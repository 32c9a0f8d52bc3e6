// Rasd dashboard: the only script. Highlights an event's whole evidence when its link is followed
// (the evidence may be cut into several runs of text by other annotations).
(function () {
  "use strict";
  function mark() {
    var active = document.querySelectorAll(".article .evd.active");
    for (var i = 0; i < active.length; i++) active[i].classList.remove("active");
    var m = /^#ev-(.+)$/.exec(decodeURIComponent(location.hash || ""));
    if (!m) return;
    var runs = document.querySelectorAll(".article [data-ev]");
    for (var j = 0; j < runs.length; j++) {
      if (runs[j].getAttribute("data-ev").split(" ").indexOf(m[1]) >= 0) runs[j].classList.add("active");
    }
  }
  window.addEventListener("hashchange", mark);
  document.addEventListener("DOMContentLoaded", mark);
})();
