/* jobboard: saved jobs, kept in this browser's localStorage: no account, nothing sent anywhere.
   The save buttons (templates/_macros.html, save_button) on cards and posting pages keep a copy
   of what the card shows; the saved page (templates/saved.html) lists the copies, marking those
   past their last day and those no longer on the board. Each board has its own list, even where
   boards share a host. */
(function () {
  "use strict";

  const script = document.currentScript;
  const siteUrl = new URL(script.dataset.root || "./", document.baseURI);
  const KEY = "jobboard:saved:" + siteUrl.pathname;
  const LIMIT = 500; // saved jobs kept: the oldest go first

  function read() {
    try {
      const jobs = JSON.parse(localStorage.getItem(KEY) || "[]");
      return Array.isArray(jobs) ? jobs.filter((job) => job && typeof job.path === "string") : [];
    } catch (error) {
      return []; // storage off (private mode, blocked) or a value that is not ours
    }
  }

  function write(jobs) {
    try {
      localStorage.setItem(KEY, JSON.stringify(jobs.slice(0, LIMIT)));
      return true;
    } catch (error) {
      return false;
    }
  }

  function text(node, selector) {
    const found = node.querySelector(selector);
    return found ? found.textContent.replace(/\s+/g, " ").trim() : "";
  }

  // The job a button saves: from its card, or from the posting page around it.
  function jobOf(button) {
    const card = button.closest(".posting-card");
    const article = button.closest("article.posting");
    const link = card ? card.querySelector("h3 a") : null;
    const url = new URL(link ? link.href : location.href, document.baseURI);
    const holder = card || article;
    return {
      path: url.pathname.startsWith(siteUrl.pathname) ? url.pathname.slice(siteUrl.pathname.length) : url.pathname,
      title: link ? link.textContent.trim() : text(article, "h1"),
      company: button.dataset.company || "",
      pay: card ? text(card, ".pay:not(.undisclosed)") : article.dataset.pay || "", // "": not disclosed
      places: card ? text(card, ".places") : article.dataset.places || "",
      validThrough: holder.dataset.validThrough || "",
    };
  }

  function mark(root) {
    const saved = new Set(read().map((job) => job.path));
    for (const button of root.querySelectorAll("button.save")) {
      button.hidden = false;
      button.setAttribute("aria-pressed", String(saved.has(jobOf(button).path)));
    }
  }

  function toggle(button) {
    const job = jobOf(button);
    const others = read().filter((saved) => saved.path !== job.path);
    const saving = button.getAttribute("aria-pressed") !== "true";
    if (write(saving ? [job].concat(others) : others)) mark(document);
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("button.save");
    if (button) toggle(button);
  });
  // results that search.js adds, and lists changed in another tab
  new MutationObserver((changes) => {
    for (const change of changes) for (const node of change.addedNodes) if (node.querySelectorAll) mark(node);
  }).observe(document.body, { childList: true, subtree: true });
  window.addEventListener("storage", (event) => { if (event.key === KEY) { mark(document); list(); } });
  mark(document);

  // ---- The saved page ----
  const listBox = document.querySelector(".saved-list");
  const template = document.getElementById("saved-item");
  const heading = document.getElementById("saved-heading");

  function today() {
    const now = new Date(), pad = (n) => String(n).padStart(2, "0");
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  function initials(name) {
    return name.split(/\s+/).filter((w) => /^[\p{L}\p{N}]/u.test(w)).slice(0, 2).map((w) => w[0]).join("").toUpperCase() || "?";
  }

  function item(job) {
    const node = template.content.firstElementChild.cloneNode(true);
    const link = node.querySelector("h3 a");
    link.href = new URL(job.path, siteUrl).href;
    link.textContent = job.title;
    node.querySelector(".logo").textContent = initials(job.company);
    const pay = node.querySelector(".pay");
    pay.textContent = job.pay || pay.dataset.undisclosed;
    pay.classList.toggle("undisclosed", !job.pay);
    node.querySelector(".company").textContent = job.company;
    node.querySelector(".places").textContent = job.places;
    node.querySelector(".expired").hidden = !(job.validThrough && job.validThrough < today());
    node.querySelector(".remove .visually-hidden").textContent = " " + job.title;
    node.querySelector(".remove").addEventListener("click", () => {
      const at = [...listBox.children].indexOf(node);
      write(read().filter((saved) => saved.path !== job.path));
      list();
      // focus the job that took its place (or the one before it), else the heading
      const next = listBox.children[Math.min(at, listBox.children.length - 1)];
      (next ? next.querySelector(".remove") : heading).focus();
    });
    listed(link.href).then((here) => { node.querySelector(".gone").hidden = here; });
    return node;
  }

  // A posting taken off the board (filled, or expired on a board that hides them) is a 404.
  const checked = new Map();
  function listed(url) {
    if (!checked.has(url)) {
      checked.set(url, fetch(url, { method: "HEAD" }).then((response) => response.status !== 404, () => true));
    }
    return checked.get(url);
  }

  function list() {
    if (!listBox || !template) return;
    const jobs = read();
    listBox.replaceChildren(...jobs.map(item));
    listBox.hidden = !jobs.length;
    document.querySelector(".saved-empty").hidden = jobs.length > 0;
    if (window.jobboardWords) heading.textContent = window.jobboardWords("savedCount", { count: jobs.length }, jobs.length);
  }

  if (heading) heading.tabIndex = -1; // focus lands there when the last job is removed
  list();
})();
