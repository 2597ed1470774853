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

  // The page's words, in its language, from the JSON block the build writes (builder/i18n.py),
  // with their "%(name)s" placeholders filled in and "%%" made "%", as Python's % does; a
  // plural is [one, other]. The other scripts ask for theirs through window.jobboardWords.
  const block = document.getElementById("ui-strings");
  const strings = block ? JSON.parse(block.textContent) : {};
  const language = document.documentElement.lang || "en";
  const plurals = new Intl.PluralRules(language);
  function words(key, values = {}, count = 1) {
    let text = strings[key] === undefined ? key : strings[key];
    if (Array.isArray(text)) text = text[plurals.select(count) === "one" ? 0 : 1];
    return text.replace(/%\((\w+)\)s|%%/g, (all, name) => (all === "%%" ? "%" : name in values ? values[name] : all));
  }

  const relative = new Intl.RelativeTimeFormat(language, { numeric: "always" });

  // The rule of builder/i18n.py age(), worded by the browser's copy of the same CLDR data.
  function age(posted, today) {
    const days = Math.round((Date.parse(today) - Date.parse(posted)) / 86400000);
    const auto = new Intl.RelativeTimeFormat(language, { numeric: "auto" });
    if (days <= 0) return strings.today || auto.format(0, "day");
    if (days === 1) return strings.yesterday || auto.format(-1, "day");
    if (days < 14) return relative.format(-days, "day");
    if (days < 60) return relative.format(-Math.floor(days / 7), "week");
    return relative.format(-Math.floor(days / 30), "month");
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

  window.jobboardRefresh = refresh;
  window.jobboardWords = words;
  refresh(document);
})();
