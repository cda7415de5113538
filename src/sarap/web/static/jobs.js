// Polls a job's JSON while it runs, moves the progress bar, and reloads the page when it ends
// (the server renders the report).
(function () {
  var box = document.getElementById("job");
  if (!box || box.dataset.state === "done" || box.dataset.state === "failed") return;
  var bar = document.getElementById("job-progress"), count = document.getElementById("job-count");
  function poll() {
    fetch(box.dataset.poll, {credentials: "same-origin"}).then(function (r) { return r.json(); })
      .then(function (job) {
        if (job.percent !== null) bar.value = job.percent;
        count.textContent = job.done + (job.total !== null ? " / " + job.total : "");
        if (job.finished) { window.location.reload(); } else { setTimeout(poll, 500); }
      }).catch(function () { setTimeout(poll, 2000); });
  }
  setTimeout(poll, 300);
})();
