/* Only under `mkdocs serve`: after a save, the page shows the edit at once and the search index,
 * open data and PDF follow in the background (mkdocs_serve.py). While they do, a notice says so;
 * it reads serve-status.json (site/serve_background.py) every second until the work is over. */
(function () {
  "use strict";

  var status = new URL("../serve-status.json", document.currentScript.src);
  var notice = null;

  // The style comes with the script, so that `mkdocs build` writes the same stylesheet as before.
  var STYLE = ".serve-status{position:fixed;left:.8rem;bottom:.8rem;z-index:10;max-width:min(32rem,calc(100vw - 1.6rem));" +
    "margin:0;padding:.5rem .8rem;border-radius:.2rem;font-size:.7rem;line-height:1.4;color:var(--md-default-fg-color);" +
    "background:var(--md-default-bg-color);border:1px solid var(--md-default-fg-color--lighter);" +
    "box-shadow:0 .2rem .5rem rgba(0,0,0,.2)}.serve-status[data-state=failed]{border-color:#c62828}";

  function show(text, kind) {
    if (!notice) {
      var style = document.createElement("style");
      style.textContent = STYLE;
      document.head.appendChild(style);
      notice = document.createElement("p");
      notice.className = "serve-status";
      notice.setAttribute("role", "status");
      document.body.appendChild(notice);
    }
    notice.textContent = text;
    notice.setAttribute("data-state", kind);
  }

  function poll(seen) {
    fetch(status, { cache: "no-store" })
      .then(function (reply) { return reply.ok ? reply.json() : null; })
      .then(function (now) {
        if (!now) return;  // a whole build: nothing follows in the background
        var names = now.steps || [];
        var steps = names.length > 1 ? names.slice(0, -1).join(", ") + " and " + names[names.length - 1] : names.join("");
        if (now.state === "updating") {
          show("Preview: this page shows your edit; the " + steps + " are still being updated\u2026", "updating");
          setTimeout(function () { poll(true); }, 1000);
        } else if (now.state === "failed") {
          show("Preview: updating the " + now.failed + " failed; the terminal running mkdocs serve says why.", "failed");
        } else if (seen || Date.now() / 1000 - now.at < 20) {  // or it ended as this page was loading
          show("Preview: the " + steps + " are up to date (" + now.seconds + " s).", "done");
          setTimeout(function () { notice.remove(); notice = null; }, 4000);
        }
      })
      .catch(function () { setTimeout(function () { poll(seen); }, 1000); });  // replaced while being read
  }

  poll(false);
})();
