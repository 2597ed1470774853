// jobboard serve: reload the page after a rebuild (keeping its scroll position), swap
// stylesheets in place after a CSS-only change, and show build errors over the page.
// The dev server injects this into HTML as it serves it; `jobboard build` never does.
(function () {
  "use strict";
  var version = document.currentScript.dataset.version;
  var scrollKey = "jobboard-scroll:" + location.pathname;

  function restoreScroll() {
    var saved = sessionStorage.getItem(scrollKey);
    if (saved === null) return;
    var xy = JSON.parse(saved);
    window.scrollTo(xy[0], xy[1]);
    if (document.readyState === "complete") sessionStorage.removeItem(scrollKey);
  }

  function reload() {
    sessionStorage.setItem(scrollKey, JSON.stringify([window.scrollX, window.scrollY]));
    location.reload();
  }

  function swapStylesheets() {
    document.querySelectorAll('link[rel="stylesheet"]').forEach(function (link) {
      var url = new URL(link.href);
      url.searchParams.set("jobboard-reload", String(Date.now()));
      var fresh = link.cloneNode();
      fresh.href = url.href;
      // Keep the old sheet until the new one applies, so the page never flashes unstyled.
      fresh.onload = fresh.onerror = function () { link.remove(); };
      link.after(fresh);
    });
  }

  function hideErrors() {
    var old = document.getElementById("jobboard-errors");
    if (old) old.remove();
  }

  function showErrors(lines) {
    hideErrors();
    var box = document.createElement("div");
    box.id = "jobboard-errors";
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;" +
      "margin:0;padding:1em;background:#300;color:#fee;font:14px/1.5 monospace;border-top:4px solid #f55";
    var heading = document.createElement("strong");
    var lastGood = !("jobboardError" in document.documentElement.dataset);  // not the error page
    heading.textContent = "Build failed" + (lastGood ? "; showing the last good version" : "") + ". Fix these and save:";
    box.appendChild(heading);
    var list = document.createElement("pre");
    list.style.cssText = "margin:.5em 0 0;white-space:pre-wrap;font:inherit";
    list.textContent = lines.join("\n");  // text, never markup: errors quote the author's files
    box.appendChild(list);
    document.body.appendChild(box);
  }

  function connect() {
    var source = new EventSource("/__jobboard/events?v=" + encodeURIComponent(version));
    source.onopen = function () { document.documentElement.dataset.liveReload = "connected"; };
    source.addEventListener("reload", reload);
    source.addEventListener("css", function (event) {
      version = event.data;
      hideErrors();
      swapStylesheets();
    });
    source.addEventListener("errors", function (event) { showErrors(JSON.parse(event.data)); });
    source.addEventListener("ok", hideErrors);
    // Reconnect by hand, with the version now shown, so a restart or a missed event reloads.
    source.onerror = function () {
      source.close();
      setTimeout(connect, 1000);
    };
  }

  restoreScroll();
  window.addEventListener("load", restoreScroll);
  connect();
})();
