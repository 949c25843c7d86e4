// Follow a background import: update the progress bar, reload the page when it is done.
(function () {
  "use strict";
  var bar = document.getElementById("import-progress");
  if (!bar) { return; }
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
})();
