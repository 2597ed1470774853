/* jobboard: on a narrow screen the board's filters are a drawer (static/assets/style.css): the
   Filters button opens it as a modal dialog over a dimmed backdrop; "Done", the backdrop, Escape
   and its "Show N jobs" button close it and return focus to the Filters button. search.js says
   how many jobs the filters leave (its jobboard:results event). */
(function () {
  "use strict";

  const box = document.getElementById("search");
  const toggle = box && box.querySelector(".filters-toggle");
  const drawer = box && box.querySelector(".filters");
  if (!toggle || !drawer) return; // an index.html copied from an older theme

  const backdrop = box.querySelector(".drawer-backdrop");
  const show = box.querySelector(".drawer-show");

  function isOpen() {
    return box.classList.contains("drawer-open");
  }

  function setOpen(open) {
    box.classList.toggle("drawer-open", open);
    toggle.setAttribute("aria-expanded", String(open));
    if (backdrop) backdrop.hidden = !open;
    if (open) {
      drawer.setAttribute("role", "dialog");
      drawer.setAttribute("aria-modal", "true");
      (drawer.querySelector("summary") || drawer.querySelector("button")).focus();
    } else {
      drawer.removeAttribute("role");
      drawer.removeAttribute("aria-modal");
      toggle.focus();
    }
  }

  // Tab and Shift+Tab go round the drawer's own controls while it is open.
  function keepFocusIn(event) {
    const controls = [...drawer.querySelectorAll("button, summary, input, select, a[href]")]
      .filter((control) => control.offsetParent !== null);
    if (!controls.length) return;
    const first = controls[0], last = controls[controls.length - 1];
    if (event.shiftKey && document.activeElement === first) { last.focus(); event.preventDefault(); }
    else if (!event.shiftKey && document.activeElement === last) { first.focus(); event.preventDefault(); }
  }

  toggle.addEventListener("click", () => setOpen(!isOpen()));
  for (const closer of [box.querySelector(".drawer-close"), show, backdrop]) {
    if (closer) closer.addEventListener("click", () => setOpen(false));
  }
  document.addEventListener("keydown", (event) => {
    if (!isOpen()) return;
    if (event.key === "Escape" && !event.defaultPrevented) setOpen(false);
    else if (event.key === "Tab") keepFocusIn(event);
  });
  // a drawer left open when the screen grows (a phone turned sideways) is no longer a drawer
  matchMedia("(min-width: 40.0625rem)").addEventListener("change", (event) => {
    if (event.matches && isOpen()) setOpen(false);
  });

  box.addEventListener("jobboard:results", (event) => {
    const count = event.detail.shown;
    if (show && window.jobboardWords) show.textContent = window.jobboardWords("showJobs", { count }, count);
  });
})();
