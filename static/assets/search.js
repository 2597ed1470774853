/* jobboard search: instant lookup in the prebuilt index under search/ (see builder/search_index.py).
   Plain JavaScript, no dependencies. Indexed text reaches the page through textContent, except the
   result cards: HTML rendered (and escaped) by the build from the theme's _card.html, the same
   markup as the list pages. Filters: any of the values picked within a facet, every facet. */
(function () {
  "use strict";

  // ---- Words: the same rules as builder/search/tokens.py (a test runs both). ----
  const FOLDS = { "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ł": "l", "þ": "th", "ı": "i" };
  const WORD = /\.?[\p{L}\p{N}\u0300-\u036f]+(?:[._-][\p{L}\p{N}\u0300-\u036f]+)*[+#]*/gu;
  const SEPARATORS = /[._-]/;
  const MAX_LENGTH = 40;

  function fold(text) {
    return text.toLowerCase().normalize("NFKD").replace(/\p{Mn}/gu, "")
      .replace(/[ßæœøđłþı]/g, (ch) => FOLDS[ch]);
  }

  // Lower case with accents (the stemmers need them): a compound word, then its parts.
  function wordsOf(text) {
    const result = [];
    for (const word of text.toLowerCase().normalize("NFKC").match(WORD) || []) {
      if (Array.from(word).length > MAX_LENGTH) continue;
      result.push(word);
      if (SEPARATORS.test(word)) result.push(...word.split(SEPARATORS).filter(Boolean));
    }
    return result;
  }

  function tokens(text) {
    return wordsOf(text).map(fold);
  }

  window.jobboardSearch = { fold, words: wordsOf, tokens };

  const box = document.getElementById("search");
  // Without them the full list stays: an index.html copied from an older theme has no
  // search-match.js (the query rules), and old browsers lack fetch or DecompressionStream.
  if (!box || !window.fetch || !window.DecompressionStream || !window.jobboardMatch) return;

  const PAGE = 20; // results shown at first and per "Show more"
  const TYPING_PAUSE = 150; // ms without a keystroke before the typed query is searched
  const SHORT_WORD_PAUSE = 700; // the same while the typed word has 1 or 2 letters (few stop there)
  const MAX_VALUES = 30; // filter values listed for skills, companies, countries
  const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const B64_VALUE = new Uint8Array(128);
  for (let i = 0; i < B64.length; i++) B64_VALUE[B64.charCodeAt(i)] = i;

  const indexUrl = new URL(box.dataset.search, document.baseURI);
  const siteUrl = new URL(box.dataset.root, document.baseURI);
  const input = box.querySelector("input[type=search]");
  const facetBox = box.querySelector(".facets");
  // A board's own index.html copied from an older theme may lack these: search works without them.
  const chipBox = box.querySelector(".chips");
  const status = box.querySelector(".search-status");
  const list = box.querySelector(".search-results");
  const more = box.querySelector(".more");
  const board = document.getElementById("board-postings");
  const files = new Map();
  let manifest = null;
  let sequence = 0; // a newer search makes an older one's late answer obsolete
  let typing = false; // consecutive keystrokes share one history entry
  let partial = false; // the last word is being typed: it also matches as a prefix
  let pause = 0; // the timer that searches once typing pauses
  let results = [];
  let found = null; // the last search's match()
  let sortSelect = null; // the "Sort by" select
  let shown = 0;

  // An id list: base64 VLQ deltas, or "~" and a base64 bitmap (dense lists).
  function forEachId(text, visit) {
    if (text.charAt(0) === "~") {
      const bytes = atob(text.slice(1));
      for (let i = 0; i < bytes.length; i++) {
        for (let b = bytes.charCodeAt(i); b; b &= b - 1) visit(i * 8 + 31 - Math.clz32(b & -b));
      }
      return;
    }
    let previous = -1, value = 0, shift = 0;
    for (let i = 0; i < text.length; i++) {
      const digit = B64_VALUE[text.charCodeAt(i)];
      value |= (digit & 31) << shift;
      if (digit & 32) { shift += 5; continue; }
      previous += value + 1;
      visit(previous);
      value = 0; shift = 0;
    }
  }

  // A JSON file of the index; a .bin file is raw-deflated JSON (the result cards).
  function load(path) {
    if (!files.has(path)) {
      files.set(path, fetch(new URL(path, indexUrl)).then((response) => {
        if (!response.ok) throw new Error(path + ": HTTP " + response.status);
        if (!path.endsWith(".bin")) return response.json();
        return new Response(response.body.pipeThrough(new DecompressionStream("deflate-raw"))).json();
      }));
    }
    return files.get(path);
  }

  // ---- Terms ----
  // The term files holding `token`, and with `prefix` those of the terms it starts: the word
  // being typed fetches those from its third letter on (one- and two-letter prefixes cover
  // most of the index), and matches the terms of the one file before.
  function shardsFor(token, prefix) {
    const shards = manifest.shards;
    let lo = 0, hi = shards.length - 1; // the last shard whose first term is <= token
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (shards[mid][0] <= token) lo = mid; else hi = mid - 1;
    }
    const found = [shards[lo][1]];
    const more = prefix && Array.from(token).length >= 3;
    for (let i = lo + 1; more && i < shards.length && shards[i][0].startsWith(token); i++) found.push(shards[i][1]);
    return found;
  }

  // The term files a query word needs: those of each of its keys (with their completions while
  // it is typed), and those of the keys of compounds ending with it ("entwickl~").
  function termFiles(word) {
    const found = word.keys.flatMap((key) => shardsFor(key, word.prefix));
    for (const head of window.jobboardMatch.compoundKeys(word)) found.push(...shardsFor(head, false));
    return [...new Set(found)];
  }

  // A document matches when it matches every word (but stop words: see queryWords), exactly,
  // as a compound's head or one edit away; a word matched exactly adds a bonus above any score
  // without it, so compounds and typos rank after every whole-word match.
  async function match(words) {
    const n = manifest.count;
    const matched = new Uint8Array(n);
    if (!words.length) return { matched: matched.fill(1), total: null };
    const shards = await Promise.all(words.map((w) => Promise.all(termFiles(w).map(load))));
    const total = new Uint32Array(n), hits = new Uint8Array(n), fields = new Uint8Array(n);
    const bonus = 2 * manifest.weights.reduce((a, b) => a + b, 0) * words.length + 1;
    const required = words.filter((w) => !w.optional).length;
    words.forEach((word, k) => {
      const { exact, near } = window.jobboardMatch.scoreWord(word, shards[k], manifest.weights, n, forEachId, fields);
      const hit = word.optional ? 0 : 1;
      for (let i = 0; i < n; i++) {
        if (exact[i]) { total[i] += exact[i] + bonus; hits[i] += hit; } else if (near[i]) { total[i] += near[i]; hits[i] += hit; }
      }
    });
    for (let i = 0; i < n; i++) matched[i] = hits[i] === required ? 1 : 0;
    return { matched, total, fields, words };
  }

  // Highest score first, then newest (lowest id): a counting sort, linear in the results.
  function rank(ids, total) {
    if (!total) return ids;
    let max = 0;
    for (const id of ids) if (total[id] > max) max = total[id];
    const start = new Uint32Array(max + 1);
    for (const id of ids) start[total[id]]++;
    for (let s = max, position = 0; s >= 0; s--) { const c = start[s]; start[s] = position; position += c; }
    const ordered = new Array(ids.length);
    for (const id of ids) ordered[start[total[id]]++] = id;
    return ordered;
  }

  // ---- Filters ----
  function facetNames() { return manifest.facets.map((f) => f[0]); }
  function facetFile(name) { return manifest.facets.find((f) => f[0] === name)[2]; }

  // The postings with any of the chosen values.
  function maskOf(values, chosen) {
    const mask = new Uint8Array(manifest.count);
    for (const entry of values) {
      if (chosen.includes(entry[0])) forEachId(entry[2], (id) => { mask[id] = 1; });
    }
    return mask;
  }

  // Counts per value among the results of every other filter, so choosing a value never
  // hides its siblings; each facet keeps its own value out of its counts.
  function countValues(values, eligible) {
    return values.map((v) => {
      let count = 0;
      forEachId(v[2], (id) => { count += eligible[id]; });
      return count;
    });
  }

  function eligibleFor(name, state, found, masks) {
    const n = manifest.count, eligible = new Uint8Array(n);
    const others = Object.keys(masks).filter((other) => other !== name);
    for (let i = 0; i < n; i++) {
      eligible[i] = found.matched[i] && others.every((other) => masks[other][i]) ? 1 : 0;
    }
    return eligible;
  }

  // ---- State in the URL: ?q=...&remote=remote&remote=hybrid&skill=go ----
  function readState() {
    const params = new URLSearchParams(location.search);
    const state = { q: params.get("q") || "", filters: {}, sort: params.get("sort") || "" };
    for (const name of facetNames()) {
      const values = params.getAll(name).filter(Boolean);
      if (values.length) state.filters[name] = values;
    }
    return state;
  }

  let chosen = {}; // facet name -> values picked, in the order picked

  function currentState() {
    const filters = {};
    for (const [name, values] of Object.entries(chosen)) if (values.length) filters[name] = values.slice();
    return { q: input.value, filters, sort: sortSelect.value };
  }

  function writeState(state, push) {
    const params = new URLSearchParams();
    if (state.q.trim()) params.set("q", state.q);
    for (const name of facetNames()) for (const value of state.filters[name] || []) params.append(name, value);
    if (state.sort) params.set("sort", state.sort);
    const query = params.toString();
    const url = location.pathname + (query ? "?" + query : "") + location.hash;
    if (url !== location.pathname + location.search + location.hash) history[push ? "pushState" : "replaceState"](null, "", url);
  }

  function applyState(state) {
    input.value = state.q;
    sortSelect.value = state.sort;
    chosen = {};
    for (const [name, values] of Object.entries(state.filters)) chosen[name] = values.slice();
  }

  function changed() {
    typing = false;
    writeState(currentState(), true);
    search();
  }

  // ---- Rendering ----
  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function buildFacets() {
    for (const [name, title] of manifest.facets) {
      const details = element("details", "facet");
      details.dataset.facet = name;
      const summary = element("summary", "", title);
      summary.append(element("span", "picked"));
      details.append(summary);
      const fieldset = element("fieldset");
      fieldset.append(element("legend", "visually-hidden", title));
      details.append(fieldset);
      details.addEventListener("toggle", () => {
        if (!details.open) return;
        // one open panel at a time, except in the narrow screen's drawer
        if (!box.classList.contains("drawer-open")) {
          for (const other of facetBox.querySelectorAll("details[open]")) if (other !== details) other.open = false;
        }
        search();
      });
      facetBox.append(details);
    }
    facetBox.addEventListener("change", (event) => {
      const checkbox = event.target;
      const name = checkbox.name.slice(6), values = chosen[name] || [];
      chosen[name] = checkbox.checked ? values.concat([checkbox.value]) : values.filter((v) => v !== checkbox.value);
      changed();
    });
    document.addEventListener("click", (event) => {
      if (box.classList.contains("drawer-open")) return;
      for (const open of facetBox.querySelectorAll("details[open]")) if (!open.contains(event.target)) open.open = false;
    });
    document.addEventListener("keydown", (event) => {
      if (event.key !== "Escape" || box.classList.contains("drawer-open")) return; // drawer.js closes the drawer
      const open = facetBox.querySelector("details[open]");
      if (open) { open.open = false; open.querySelector("summary").focus(); }
    });
  }

  function renderFacet(name, values, counts, picked) {
    const details = facetBox.querySelector(`details[data-facet="${name}"]`);
    const fieldset = details.querySelector("fieldset");
    const focused = fieldset.contains(document.activeElement) ? document.activeElement.value : null;
    let order = values.map((v, k) => k).filter((k) => counts[k] > 0 || picked.includes(values[k][0]));
    if (name === "skill" || name === "company" || name === "country") {
      order.sort((a, b) => counts[b] - counts[a] || a - b);
      order = order.filter((k, rank) => rank < MAX_VALUES || picked.includes(values[k][0]));
    }
    fieldset.querySelectorAll("label").forEach((label) => label.remove());
    for (const k of order) {
      const [value, label] = values[k];
      const row = element("label", "facet-value");
      const checkbox = element("input");
      Object.assign(checkbox, { type: "checkbox", name: "facet-" + name, value, checked: picked.includes(value) });
      row.append(checkbox, element("span", "", label), element("span", "count", "(" + counts[k] + ")"));
      fieldset.append(row);
      if (value === focused) checkbox.focus();
    }
  }

  // The applied filters as buttons that remove them, and "Clear all".
  function renderChips(labels, state) {
    if (chipBox) chipBox.replaceChildren();
    for (const [name, title] of manifest.facets) {
      const values = state.filters[name] || [];
      const details = facetBox.querySelector(`details[data-facet="${name}"]`);
      details.classList.toggle("active", values.length > 0);
      details.querySelector(".picked").textContent = values.length ? " " + values.length : "";
      if (!chipBox) continue;
      for (const value of values) {
        const text = (labels[name] && labels[name].get(value)) || value;
        const chip = element("button", "chip", text);
        chip.type = "button";
        chip.setAttribute("aria-label", words("removeFilter", { facet: title, value: text }));
        chip.addEventListener("click", () => {
          chosen[name] = (chosen[name] || []).filter((v) => v !== value);
          changed();
          input.focus();
        });
        chipBox.append(chip);
      }
    }
    if (!chipBox) return;
    if (chipBox.childElementCount) {
      const clear = element("button", "clear-all", words("clearAll"));
      clear.type = "button";
      clear.addEventListener("click", () => { chosen = {}; changed(); input.focus(); });
      chipBox.append(clear);
    }
    chipBox.hidden = !chipBox.childElementCount;
  }

  // A result card: the build's HTML of the theme's _card.html; its links are relative to the site root.
  const cardParser = document.createElement("template");
  function card(html) {
    cardParser.innerHTML = html;
    const item = cardParser.content.firstElementChild;
    for (const node of item.querySelectorAll("[href], [src]")) {
      const attribute = node.hasAttribute("href") ? "href" : "src";
      node.setAttribute(attribute, new URL(node.getAttribute(attribute), siteUrl).href);
    }
    return item;
  }

  async function showMore(seq) {
    const page = results.slice(shown, shown + PAGE);
    const chunks = [...new Set(page.map((id) => Math.floor(id / manifest.chunk)))];
    const loaded = await Promise.all(chunks.map((k) => load(manifest.docs + k + ".bin")));
    if (seq !== sequence) return;
    const byChunk = new Map(chunks.map((k, i) => [k, loaded[i]]));
    for (const id of page) {
      const item = card(byChunk.get(Math.floor(id / manifest.chunk))[id % manifest.chunk]);
      explain(item);
      list.append(item);
      if (manifest.snippets && found.fields && found.fields[id] === BODY_ONLY) snippet(item);
    }
    if (window.jobboardRefresh) window.jobboardRefresh(list);
    shown += page.length;
    more.hidden = shown >= results.length;
  }

  const BODY_ONLY = 1 << 4; // the body is the fifth field (search_index.FIELDS)

  // A result found through the country filter says why: an office there, or remote work from
  // there (a card names at most three countries).
  let countryNames = new Map(); // the country filter's labels, once loaded
  function explain(item) {
    const picked = chosen.country || [];
    const offices = (item.dataset.officeIn || "").split(" "), remote = (item.dataset.remoteIn || "").split(" ");
    const office = picked.find((code) => offices.includes(code));
    const code = office || picked.find((code) => remote.includes(code));
    if (!code) return;
    const line = element("p", "why", words(office ? "officeIn" : "remoteFrom", { country: countryNames.get(code) || code }));
    (item.querySelector(".card-body") || item).append(line);
  }

  // The card's link to its posting (card() made it absolute) names the sentences file.
  function snippet(item) {
    for (const link of item.querySelectorAll("a[href]")) {
      const slug = link.href.startsWith(siteUrl.href) && link.href.slice(siteUrl.href.length).match(/^jobs\/([^/]+)\/$/);
      if (!slug) continue;
      window.jobboardMatch.addSnippet(item, "text/" + slug[1] + ".bin", found.words,
        { load, words: wordsOf, languages: manifest.languages });
      return;
    }
  }

  // The page's words, in its language (board.js)
  function words(key, values = {}, count = 1) {
    return window.jobboardWords ? window.jobboardWords(key, values, count) : key;
  }

  function announce(count, state) {
    const query = state.q.trim();
    status.textContent = words(query ? "foundFor" : "found", { count, query }, count);
  }

  // ---- Searching ----
  async function search() {
    const seq = ++sequence;
    const started = performance.now();
    const state = currentState();
    const words = window.jobboardMatch.queryWords(state.q, partial, manifest.languages, manifest.stop, wordsOf);
    const names = facetNames().filter((name) => state.filters[name] ||
      facetBox.querySelector(`details[data-facet="${name}"]`).open);
    const [matches, facets, pay] = await Promise.all([match(words), Promise.all(names.map((name) => load(facetFile(name)))),
      state.sort === "pay" ? load(manifest.pay) : null]);
    if (seq !== sequence) return;
    found = matches;
    const masks = {}, labels = {};
    names.forEach((name, k) => {
      labels[name] = new Map(facets[k].map((v) => [v[0], v[1]]));
      if (name === "country") countryNames = labels[name];
      if (state.filters[name]) masks[name] = maskOf(facets[k], state.filters[name]);
    });
    names.forEach((name, k) => {
      const counts = countValues(facets[k], eligibleFor(name, state, found, masks));
      renderFacet(name, facets[k], counts, state.filters[name] || []);
    });
    renderChips(labels, state);
    const active = words.length > 0 || Object.keys(masks).length > 0;
    sortSelect.parentElement.hidden = !active; // the full list is newest first; results can be sorted
    const ids = [];
    if (active) {
      const eligible = eligibleFor(null, state, found, masks);
      for (let i = 0; i < manifest.count; i++) if (eligible[i]) ids.push(i);
    }
    results = window.jobboardMatch.sortedIds(ids, state.sort, pay, forEachId, manifest.count) || rank(ids, found.total);
    shown = 0;
    list.replaceChildren();
    list.hidden = !active;
    board.hidden = active;
    more.hidden = true;
    if (active) {
      await showMore(seq);
      if (seq !== sequence) return;
      // once every result is shown, leave out those board.js hid as past their last day
      announce(more.hidden ? list.querySelectorAll(":scope > li:not([hidden])").length : results.length, state);
    } else {
      status.textContent = "";
    }
    if (seq === sequence) {
      // shown: the jobs on screen, the whole list when nothing is searched for (drawer.js says it)
      box.dispatchEvent(new CustomEvent("jobboard:results",
        { detail: { count: results.length, shown: active ? results.length : manifest.count, ms: performance.now() - started } }));
    }
  }

  async function start() {
    try {
      manifest = await load("manifest.json");
    } catch (error) {
      return; // no index (or offline): the full list below still works
    }
    box.hidden = false;
    const sort = window.jobboardMatch.sortControl(words);
    sortSelect = sort.select;
    // beside the count of results (outside the drawer); an older theme's index.html has no such row
    (box.querySelector(".results-bar") || box.querySelector(".search-bar")).append(sort.label);
    sortSelect.addEventListener("change", changed);
    buildFacets();
    applyState(readState());
    box.querySelector("form").addEventListener("submit", (event) => event.preventDefault());
    input.addEventListener("input", (event) => {
      writeState(currentState(), !typing);
      typing = true;
      // Keystrokes and deletions search once typing pauses, so the prefixes on the way fetch
      // nothing (a word's first two letters would fetch the term files of most of its
      // letter), and their last word is a prefix; a paste (or a value set by a script)
      // searches at once, for whole words.
      partial = /^(insertText|insertCompositionText|deleteContent)/.test(event.inputType || "");
      clearTimeout(pause);
      sequence++; // a search still under way is for an older value
      status.textContent = "";
      const word = /\s$/.test(input.value) ? "" : input.value.match(/\S*$/)[0];
      const wait = word && Array.from(word).length < 3 ? SHORT_WORD_PAUSE : TYPING_PAUSE;
      if (partial) pause = setTimeout(search, wait); else search();
    });
    more.addEventListener("click", () => showMore(sequence));
    window.addEventListener("popstate", () => {
      typing = false;
      partial = false;
      applyState(readState());
      search();
    });
    search();
  }

  start();
})();
