/*
 * Report progress: poll the run's JSON every two seconds and move the progress bars;
 * go to the dashboard when every run has finished. Without JavaScript the page shows
 * the status as it was when loaded, with a "Check progress again" link (no timed meta
 * refresh: it fails WCAG 2.2.1, Timing adjustable).
 */
(function () {
  "use strict";
  var root = document.getElementById("report-progress");
  if (!root || root.getAttribute("data-finished") === "true" || !window.fetch) {
    return;
  }
  var url = root.getAttribute("data-url");

  function update(run) {
    var box = root.querySelector('[data-run="' + run.id + '"]');
    if (!box) {
      return;
    }
    var bar = box.querySelector("progress");
    bar.value = run.progress;
    bar.textContent = run.progress + "%";
    var fields = { status: run.status_label, progress: run.progress, stage: run.stage || "Waiting" };
    Object.keys(fields).forEach(function (name) {
      var el = box.querySelector('[data-field="' + name + '"]');
      if (el) {
        el.textContent = fields[name];
      }
    });
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        return response.json();
      })
      .then(function (data) {
        data.runs.forEach(update);
        var unavailable = document.getElementById("queue-unavailable");
        if (unavailable) {
          unavailable.hidden = !data.queue_unavailable;
        }
        if (data.finished) {
          window.location.assign(data.dashboard);
        } else {
          window.setTimeout(poll, 2000);
        }
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }

  window.setTimeout(poll, 1000);
})();
