// Progressive enhancement only: every page works without it. Polls a job's status while it runs.
"use strict";
(function () {
  const box = document.getElementById("job");
  if (!box) return;
  const id = box.dataset.job;
  const status = document.getElementById("job-status");
  const message = document.getElementById("job-message");
  const bar = document.getElementById("job-progress");
  const skipped = document.getElementById("job-skipped");
  const story = document.getElementById("job-story");
  const link = document.getElementById("job-story-link");
  const finished = (s) => s === "done" || s === "failed";

  function show(job) {
    box.dataset.status = job.status;
    status.textContent = job.status;
    status.className = "status-" + job.status;
    message.textContent = job.message;
    bar.max = Math.max(job.total, 1);
    bar.value = job.status === "done" ? bar.max : job.done;
    skipped.replaceChildren(...job.skipped.map((s) => {
      const li = document.createElement("li");
      li.textContent = "skipped " + s.source + ": " + s.reason;
      return li;
    }));
    if (job.story_id) {
      link.href = "/stories/" + encodeURIComponent(job.story_id);
      story.hidden = false;
    }
  }

  async function poll() {
    try {
      const resp = await fetch("/api/jobs/" + encodeURIComponent(id), {headers: {"Accept": "application/json"}});
      if (resp.ok) {
        const job = await resp.json();
        show(job);
        if (finished(job.status)) return;
      }
    } catch (err) {
      message.textContent = "lost contact with the server; retrying";
    }
    setTimeout(poll, 600);
  }
  if (!finished(box.dataset.status)) poll();
})();
