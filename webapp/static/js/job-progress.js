// Follow background work: update each progress bar, reload its page when the work is over.
(function () {
  "use strict";
  var bars = document.querySelectorAll("progress[data-progress-url]");
  Array.prototype.forEach.call(bars, function (bar) {
    function poll() {
      fetch(bar.dataset.progressUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (state) {
          if (state.progress !== null && state.progress !== undefined) { bar.value = state.progress; }
          if (state.status !== "queued") { window.location.assign(bar.dataset.doneUrl); return; }
          window.setTimeout(poll, 1000);
        })
        .catch(function () { window.setTimeout(poll, 3000); });
    }
    window.setTimeout(poll, 500);
  });
})();
