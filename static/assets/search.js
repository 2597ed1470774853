/* jobboard search: instant lookup in the prebuilt index under search/ (see builder/search_index.py).
   Plain JavaScript, no dependencies. Indexed text only ever reaches the page through textContent. */
(function () {
  "use strict";

  // ---- The tokeniser: the same rules as builder/search_tokens.py (a test runs both). ----
  const FOLDS = { "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ł": "l", "þ": "th", "ı": "i" };
  const WORD = /\.?[\p{L}\p{N}]+(?:[._-][\p{L}\p{N}]+)*[+#]*/gu;
  const SEPARATORS = /[._-]/;
  const MAX_LENGTH = 40;

  function fold(text) {
    return text.toLowerCase().normalize("NFKD").replace(/\p{Mn}/gu, "")
      .replace(/[ßæœøđłþı]/g, (ch) => FOLDS[ch]);
  }

  function tokens(text) {
    const result = [];
    for (const word of fold(text).match(WORD) || []) {
      if (Array.from(word).length > MAX_LENGTH) continue;
      result.push(word);
      if (SEPARATORS.test(word)) result.push(...word.split(SEPARATORS).filter(Boolean));
    }
    return result;
  }

  window.jobboardSearch = { fold, tokens };

  const box = document.getElementById("search");
  if (!box || !window.fetch) return;

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

  function load(path) {
    if (!files.has(path)) {
      files.set(path, fetch(new URL(path, indexUrl)).then((response) => {
        if (!response.ok) throw new Error(path + ": HTTP " + response.status);
        return response.json();
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

  // A document matches when it matches every word, exactly or one edit away; a word matched
  // exactly adds a bonus above any score without it, so typos rank after every exact match.
  async function match(words) {
    const n = manifest.count;
    const matched = new Uint8Array(n);
    if (!words.length) return { matched: matched.fill(1), total: null };
    const shards = await Promise.all(words.map((w) => Promise.all(shardsFor(w.key, w.prefix).map(load))));
    const total = new Uint32Array(n), hits = new Uint8Array(n), fields = new Uint8Array(n);
    const bonus = 2 * manifest.weights.reduce((a, b) => a + b, 0) * words.length + 1;
    words.forEach((word, k) => {
      const { exact, typo } = window.jobboardMatch.scoreWord(word, shards[k], manifest.weights, n, forEachId, fields);
      for (let i = 0; i < n; i++) {
        if (exact[i]) { total[i] += exact[i] + bonus; hits[i]++; } else if (typo[i]) { total[i] += typo[i]; hits[i]++; }
      }
    });
    for (let i = 0; i < n; i++) matched[i] = hits[i] === words.length ? 1 : 0;
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

  function maskOf(values, chosen) {
    const mask = new Uint8Array(manifest.count);
    const entry = values.find((v) => v[0] === chosen);
    if (entry) forEachId(entry[2], (id) => { mask[id] = 1; });
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

  // ---- State in the URL ----
  function readState() {
    const params = new URLSearchParams(location.search);
    const state = { q: params.get("q") || "", filters: {}, sort: params.get("sort") || "" };
    for (const name of facetNames()) if (params.get(name)) state.filters[name] = params.get(name);
    return state;
  }

  function currentState() {
    const state = { q: input.value, filters: {}, sort: sortSelect.value };
    for (const radio of facetBox.querySelectorAll("input[type=radio]:checked")) {
      if (radio.value) state.filters[radio.name.slice(6)] = radio.value;
    }
    for (const [name, value] of Object.entries(pending)) if (!(name in state.filters) && value) state.filters[name] = value;
    return state;
  }

  // Filters named in the URL before their facet file has loaded.
  let pending = {};

  function writeState(state, push) {
    const params = new URLSearchParams();
    if (state.q.trim()) params.set("q", state.q);
    for (const name of facetNames()) if (state.filters[name]) params.set(name, state.filters[name]);
    if (state.sort) params.set("sort", state.sort);
    const query = params.toString();
    const url = location.pathname + (query ? "?" + query : "") + location.hash;
    if (url !== location.pathname + location.search + location.hash) history[push ? "pushState" : "replaceState"](null, "", url);
  }

  function applyState(state) {
    input.value = state.q;
    sortSelect.value = state.sort;
    pending = Object.assign({}, state.filters);
    for (const details of facetBox.querySelectorAll("details")) {
      if (state.filters[details.dataset.facet]) details.open = true;
      for (const radio of details.querySelectorAll("input[type=radio]")) {
        radio.checked = radio.value === (state.filters[details.dataset.facet] || "");
      }
    }
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
      details.append(element("summary", "", title));
      const fieldset = element("fieldset");
      fieldset.append(element("legend", "visually-hidden", title));
      details.append(fieldset);
      details.addEventListener("toggle", () => { if (details.open) search(); });
      facetBox.append(details);
    }
    facetBox.addEventListener("change", () => {
      pending = {};
      typing = false;
      const state = currentState();
      writeState(state, true);
      search();
    });
  }

  function renderFacet(name, values, counts, chosen) {
    const fieldset = facetBox.querySelector(`details[data-facet="${name}"] fieldset`);
    const focused = fieldset.contains(document.activeElement) ? document.activeElement.value : null;
    let order = values.map((v, k) => k).filter((k) => counts[k] > 0 || values[k][0] === chosen);
    if (name === "skill" || name === "company" || name === "country") {
      order.sort((a, b) => counts[b] - counts[a] || a - b);
      order = order.filter((k, rank) => rank < MAX_VALUES || values[k][0] === chosen);
    }
    const rows = [["", "Any", null]].concat(order.map((k) => [values[k][0], values[k][1], counts[k]]));
    fieldset.querySelectorAll("label").forEach((label) => label.remove());
    for (const [value, label, count] of rows) {
      const row = element("label", "facet-value");
      const radio = element("input");
      Object.assign(radio, { type: "radio", name: "facet-" + name, value, checked: value === (chosen || "") });
      row.append(radio, " " + label);
      if (count !== null) row.append(" ", element("span", "count", "(" + count + ")"));
      fieldset.append(row);
      if (value === focused) radio.focus();
    }
  }

  function card(record) {
    const [url, title, company, where, pay, iso, long] = record;
    const item = element("li", "posting-card");
    const heading = element("h3");
    const link = element("a", "", title);
    link.href = new URL(url, siteUrl).href;
    heading.append(link);
    const first = element("p", "meta");
    first.append(element("span", "company", company), " ", element("span", "where", where));
    const second = element("p", "meta");
    const time = element("time", "", long);
    time.dateTime = iso;
    second.append(element("span", "pay", pay), " ", time);
    item.append(heading, first, second);
    return item;
  }

  async function showMore(seq) {
    const page = results.slice(shown, shown + PAGE);
    const chunks = [...new Set(page.map((id) => Math.floor(id / manifest.chunk)))];
    const loaded = await Promise.all(chunks.map((k) => load(manifest.docs + k + ".json")));
    if (seq !== sequence) return;
    const byChunk = new Map(chunks.map((k, i) => [k, loaded[i]]));
    for (const id of page) {
      const record = byChunk.get(Math.floor(id / manifest.chunk))[id % manifest.chunk];
      const item = card(record);
      list.append(item);
      if (found.fields && found.fields[id] === BODY_ONLY) snippet(item, record[0]);
    }
    shown += page.length;
    more.hidden = shown >= results.length;
  }

  const BODY_ONLY = 1 << 4; // the body is the fifth field (search_index.FIELDS)

  function snippet(item, url) {
    const slug = url.replace(/^jobs\//, "").replace(/\/$/, "");
    window.jobboardMatch.addSnippet(item, "text/" + slug + ".json", found.words,
      { load, tokens, stemmed: manifest.stemmer === "english" });
  }

  function announce(count, state) {
    const what = count === 1 ? "1 job" : count + " jobs";
    status.textContent = state.q.trim() ? `${what} found for “${state.q.trim()}”` : `${what} found`;
  }

  // ---- Searching ----
  async function search() {
    const seq = ++sequence;
    const started = performance.now();
    const state = currentState();
    const words = window.jobboardMatch.queryWords(state.q, partial, manifest.stemmer === "english", tokens);
    const names = facetNames().filter((name) => state.filters[name] ||
      facetBox.querySelector(`details[data-facet="${name}"]`).open);
    const [matches, facets, pay] = await Promise.all([match(words), Promise.all(names.map((name) => load(facetFile(name)))),
      state.sort === "pay" ? load(manifest.pay) : null]);
    if (seq !== sequence) return;
    found = matches;
    const masks = {};
    names.forEach((name, k) => { if (state.filters[name]) masks[name] = maskOf(facets[k], state.filters[name]); });
    names.forEach((name, k) => {
      const counts = countValues(facets[k], eligibleFor(name, state, found, masks));
      renderFacet(name, facets[k], counts, state.filters[name]);
    });
    const active = words.length > 0 || Object.keys(masks).length > 0;
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
      announce(results.length, state);
      await showMore(seq);
    } else {
      status.textContent = "";
    }
    if (seq === sequence) {
      box.dispatchEvent(new CustomEvent("jobboard:results",
        { detail: { count: results.length, ms: performance.now() - started } }));
    }
  }

  async function start() {
    try {
      manifest = await load("manifest.json");
    } catch (error) {
      return; // no index (or offline): the full list below still works
    }
    box.hidden = false;
    const sort = window.jobboardMatch.sortControl();
    sortSelect = sort.select;
    facetBox.after(sort.label);
    sortSelect.addEventListener("change", () => {
      typing = false;
      writeState(currentState(), true);
      search();
    });
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
