/* jobboard: keeps a built page right between builds. A posting past its data-valid-through day is
   hidden from lists and search results, and its own page shows the expired notice; ages ("3 days
   ago") are counted again from today. Rebuilds stay the source of truth for feeds, sitemap and
   JSON-LD. search.js calls window.jobboardRefresh on the results it adds. */
(function () {
  "use strict";

  function isoDay(date) {
    const pad = (n) => String(n).padStart(2, "0");
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate());
  }

  // The rule of builder/labels.py age().
  function age(posted, today) {
    const days = Math.round((Date.parse(today) - Date.parse(posted)) / 86400000);
    if (days <= 0) return "today";
    if (days === 1) return "yesterday";
    if (days < 14) return days + " days ago";
    if (days < 60) return Math.floor(days / 7) + " weeks ago";
    return Math.floor(days / 30) + " months ago";
  }

  function refresh(root) {
    const today = isoDay(new Date());
    for (const card of root.querySelectorAll("li[data-valid-through]")) {
      if (card.dataset.validThrough < today) card.hidden = true;
    }
    for (const time of root.querySelectorAll("time.age[datetime]")) {
      time.textContent = age(time.getAttribute("datetime"), today);
    }
    const posting = root.querySelector("article.posting[data-valid-through]");
    if (posting && posting.dataset.validThrough < today) {
      const notice = posting.querySelector(".expired-notice");
      if (notice) notice.hidden = false;
      for (const apply of posting.querySelectorAll(".apply")) apply.hidden = true;
    }
  }

  // A table or chart wider than the screen scrolls sideways: say so under it.
  function hintScrolling() {
    for (const scroller of document.querySelectorAll(".table-scroll, .chart-scroll")) {
      const hint = scroller.nextElementSibling;
      if (hint && hint.classList.contains("scroll-hint")) hint.hidden = scroller.scrollWidth <= scroller.clientWidth + 1;
    }
  }

  window.jobboardRefresh = refresh;
  refresh(document);
  hintScrolling();
  window.addEventListener("resize", hintScrolling);
})();
