/* jobboard search: what a query's words match (see builder/search/tokens.py and index.py).
   Loaded before search.js, which calls window.jobboardMatch, and after the board's language's
   stemmer (stem-<language>.js), if any. Plain JavaScript, no dependencies. */
(function () {
  "use strict";

  // ---- Snowball's English (Porter2) stemmer, rule for rule as the snowballstemmer package
  // (3.x) that builds the index; tests/browser/test_search_tokens.py checks both on many words.
  // Like builder/search/tokens.key for English, only plain a-z words are stemmed.
  const VOWEL = "aeiouy";
  const isV = (ch) => ch !== undefined && VOWEL.includes(ch);
  const REGION_PREFIXES = ["arsen", "commun", "emerg", "gener", "inter", "later", "organ", "past", "univers"];
  const EXCEPTIONS = {
    skis: "ski", skies: "sky", idly: "idl", gently: "gentl", ugly: "ugli", early: "earli", only: "onli",
    singly: "singl", sky: "sky", news: "news", howe: "howe", atlas: "atlas", cosmos: "cosmos", bias: "bias",
    andes: "andes",
  };
  const STEP2 = {
    tional: "tion", enci: "ence", anci: "ance", abli: "able", entli: "ent", izer: "ize", ization: "ize",
    ational: "ate", ation: "ate", ator: "ate", alism: "al", aliti: "al", alli: "al", fulness: "ful",
    ousli: "ous", ousness: "ous", iveness: "ive", iviti: "ive", biliti: "ble", bli: "ble", ogist: "og",
    ogi: "og", fulli: "ful", lessli: "less", li: "",
  };
  const STEP3 = { tional: "tion", ational: "ate", alize: "al", icate: "ic", iciti: "ic", ical: "ic", ful: "", ness: "", ative: "" };
  const STEP4 = ["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ism", "ate",
    "iti", "ous", "ive", "ize", "ion"];

  // The longest of `suffixes` that `word` ends with, as Snowball's `among` picks it.
  function longest(word, suffixes) {
    let found = null;
    for (const s of suffixes) if (word.endsWith(s) && (found === null || s.length > found.length)) found = s;
    return found;
  }

  // Past the first vowel from `from`, past the non-vowel after it: where a region starts
  // (the word's end when there is none).
  function regionAfter(w, from) {
    let i = from;
    while (i < w.length && !isV(w[i])) i++;
    if (++i > w.length) return w.length;
    while (i < w.length && isV(w[i])) i++;
    return i < w.length ? i + 1 : w.length;
  }

  // A short syllable ends at `end`: non-vowel (not w, x, Y) + vowel + non-vowel, or
  // vowel + non-vowel at the start, or "past" ends there.
  function shortSyllable(w, end) {
    const a = w[end - 3], b = w[end - 2], c = w[end - 1];
    if (end >= 3 && !isV(c) && !"wxY".includes(c) && isV(b) && !isV(a)) return true;
    if (end === 2 && !isV(c) && isV(b)) return true;
    return end >= 4 && w.slice(end - 4, end) === "past";
  }

  function stem(word) {
    if (!/^[a-z]+$/.test(word)) return word;
    if (Object.prototype.hasOwnProperty.call(EXCEPTIONS, word)) return EXCEPTIONS[word];
    if (word.length < 3) return word;
    // Prelude: a y that starts the word or follows a vowel is a consonant, Y.
    let w = word.charAt(0) === "y" ? "Y" + word.slice(1) : word;
    for (let i = 1; i < w.length; i++) if (w[i] === "y" && isV(w[i - 1])) w = w.slice(0, i) + "Y" + w.slice(i + 1);
    const prefix = REGION_PREFIXES.find((p) => w.startsWith(p));
    const p1 = prefix ? prefix.length : regionAfter(w, 0), p2 = regionAfter(w, p1);
    const R1 = (i) => p1 <= i, R2 = (i) => p2 <= i;
    const cut = (suffix, by) => { w = w.slice(0, w.length - suffix.length) + by; };

    // Step 1a: plurals.
    const s1a = longest(w, ["sses", "ied", "ies", "s", "ss", "us"]);
    if (s1a === "sses") cut(s1a, "ss");
    else if (s1a === "ied" || s1a === "ies") cut(s1a, w.length - 3 >= 2 ? "i" : "ie");
    else if (s1a === "s" && /[aeiouy]/.test(w.slice(0, -2))) cut(s1a, "");

    // Step 1b: -ed, -ing and friends.
    step1b: {
      const s1b = longest(w, ["ed", "eed", "ing", "edly", "eedly", "ingly"]);
      if (s1b === null) break step1b;
      const before = w.length - s1b.length;
      if (s1b === "eed" || s1b === "eedly") {
        if (R1(before) && !/^(succ|proc|exc)$/.test(w.slice(0, before))) cut(s1b, "ee");
        break step1b;
      }
      if (s1b === "ing") {
        const stemPart = w.slice(0, before);
        if (/^[^aeiouy]y$/.test(stemPart)) { cut("ying", "ie"); break step1b; }
        if (/^(even|cann|inn|earr|herr|out)$/.test(stemPart)) break step1b;
      }
      if (!/[aeiouy]/.test(w.slice(0, before))) break step1b;
      cut(s1b, "");
      const end = longest(w, ["at", "bl", "iz", "bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt"]);
      if (end === "at" || end === "bl" || end === "iz") cut("", "e");
      else if (end) { if (!(w.length === 3 && "aeo".includes(w[0]))) cut("x", ""); }
      else if (w.length === p1 && shortSyllable(w, w.length)) cut("", "e");
    }

    // Step 1c: a final y after a non-vowel that is not the first letter becomes i.
    if (w.length > 2 && (w.endsWith("y") || w.endsWith("Y")) && !isV(w[w.length - 2])) cut("y", "i");

    // Steps 2 to 4: derivational suffixes, each in its region.
    const s2 = longest(w, Object.keys(STEP2));
    if (s2 !== null && R1(w.length - s2.length)) {
      const before = w[w.length - s2.length - 1];
      if (s2 === "li") { if ("cdeghkmnrt".includes(before || "-")) cut(s2, ""); }
      else if (s2 === "ogi") { if (before === "l") cut(s2, "og"); }
      else cut(s2, STEP2[s2]);
    }
    const s3 = longest(w, Object.keys(STEP3));
    if (s3 !== null && R1(w.length - s3.length) && (s3 !== "ative" || R2(w.length - s3.length))) cut(s3, STEP3[s3]);
    const s4 = longest(w, STEP4);
    if (s4 !== null && R2(w.length - s4.length) && (s4 !== "ion" || "st".includes(w[w.length - 4] || "-"))) cut(s4, "");

    // Step 5: a final e or double l.
    const last = w.length - 1;
    if (w[last] === "e" && (R2(last) || (R1(last) && !shortSyllable(w, last)))) cut("e", "");
    else if (w[last] === "l" && R2(last) && w[last - 1] === "l") cut("l", "");
    return w.replace(/Y/g, "y");
  }

  // ---- Keys: a word's stem in a language, folded (builder/search/tokens.key) ----
  const STEMMED_WORD = /^[a-z\u00df-\u00f6\u00f8-\u024f]+$/;
  const fold = (text) => window.jobboardSearch.fold(text);

  function key(word, language) {
    if (language === "en") return stem(fold(word));
    const stemmer = window.jobboardStemmers && window.jobboardStemmers[language];
    return fold(stemmer && STEMMED_WORD.test(word) ? stemmer(word) : word);
  }

  // A word's key, and for a word with accents also the key of the word without them.
  function keys(word, language) {
    const first = key(word, language);
    if (language === "en" || /^[\x00-\x7f]*$/.test(word)) return [first];
    const second = key(fold(word), language);
    return second === first ? [first] : [first, second];
  }

  // ---- A query's words ----
  // Every distinct word of the query, folded, with its keys: its stem in each language of
  // `languages` (the board's and English). Only the word being typed (the last, while no space
  // follows it) also matches the terms it starts: "go python" and a pasted "go" find Go, not
  // "good"; typing "pyth" finds Python. Stop words ("und", "the") are optional, as bodies leave
  // them out, unless the query has nothing else.
  function queryWords(text, typing, languages, stop, words) {
    const cut = typing && !/\s$/.test(text) ? text.search(/\S*$/) : text.length;
    const found = new Map();
    const stops = new Set(stop);
    const add = (word, prefix) => {
      const token = fold(word), all = [...new Set(languages.flatMap((language) => keys(word, language)))];
      const known = found.get(all.join(" "));
      if (known) known.prefix = known.prefix && prefix;
      else found.set(all.join(" "), { token, keys: all, prefix: prefix && Array.from(token).length >= 2, optional: stops.has(token) });
    };
    for (const word of words(text.slice(0, cut))) add(word, false);
    for (const word of words(text.slice(cut))) add(word, true);
    const all = [...found.values()];
    if (all.every((w) => w.optional)) for (const w of all) w.optional = false;
    return all;
  }

  // The index keys of the compounds a word is the head of: "entwickl~" for "Entwickler" (in the
  // term file of "entwickl" itself, mostly).
  const HEAD = 4; // letters of the shortest head (builder/search/tokens.HEAD)
  function compoundKeys(word) {
    return word.keys.filter((k) => Array.from(k).length >= HEAD && /^\p{L}+$/u.test(k)).map((k) => k + "~");
  }

  // ---- Scoring one word ----
  const TYPO_LENGTH = 5; // shorter words have too many neighbours one edit away
  const COMMONER = 4; // a neighbour this many times as common as the word is taken as meant

  // Whether a and b differ by one letter inserted, deleted, replaced or two letters swapped.
  function oneEditApart(a, b) {
    if (a === b || Math.abs(a.length - b.length) > 1) return false;
    let i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    if (a.length === b.length) {
      return a.slice(i + 1) === b.slice(i + 1) ||
        (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
    }
    return a.length < b.length ? a.slice(i) === b.slice(i + 1) : a.slice(i + 1) === b.slice(i);
  }

  // The word's score per document from the term files fetched for it: {exact, near}, and in
  // `fields` the bit of every field (1 << its number) where a document matched.
  // exact: a whole-word match weighs twice a completion of the typed word; near: compounds
  // the word is the head of, and terms one edit from the word, counted only for documents
  // without an exact match; typos only when the word matches nothing or the neighbour is
  // COMMONER times as common (so a rare misspelling finds the word meant, while two common
  // words stay apart). The caller ranks every exact match first.
  function scoreWord(word, shards, weights, count, forEachId, fields) {
    const exact = new Uint32Array(count), near = new Uint32Array(count), compound = new Uint32Array(count);
    const keys = new Set(word.keys), heads = new Set(compoundKeys(word));
    const starts = (term) => term.startsWith(word.token) || word.keys.some((k) => term.startsWith(k));
    const add = (into, lists, factor, where) => {
      let docs = 0;
      lists.forEach((ids, field) => {
        const weight = weights[field] * factor, bit = 1 << field;
        forEachId(ids, (id) => { if (!into[id]) docs++; into[id] += weight; where[id] |= bit; });
      });
      return docs;
    };
    const typos = [];
    const typoKeys = word.token.length >= TYPO_LENGTH ? word.keys.filter((k) => k.length >= TYPO_LENGTH - 1) : [];
    const where = new Uint8Array(count);
    let found = 0;
    for (const shard of shards) {
      for (const term of Object.keys(shard)) {
        if (term.endsWith("~")) { if (heads.has(term)) add(compound, shard[term], 1, where); } // only its head's
        else if (keys.has(term)) found += add(exact, shard[term], 2, fields);
        else if (word.prefix && starts(term)) found += add(exact, shard[term], 1, fields);
        else if (typoKeys.some((k) => oneEditApart(term, k))) typos.push(shard[term]);
      }
    }
    for (let i = 0; i < count; i++) if (compound[i] && !exact[i]) { near[i] += compound[i]; fields[i] |= where[i]; }
    for (const lists of typos) {
      const candidate = new Uint32Array(count), at = new Uint8Array(count);
      const docs = add(candidate, lists, 1, at);
      if (found && docs < COMMONER * found) continue;
      for (let i = 0; i < count; i++) if (candidate[i] && !exact[i]) { near[i] += candidate[i]; fields[i] |= at[i]; }
    }
    return { exact, near };
  }

  // ---- Snippets ----
  // Whether a word of the text is one the query's words match (as scoreWord would).
  function matchesWord(word, queryWords, languages) {
    const token = fold(word), own = languages.flatMap((language) => keys(word, language));
    return queryWords.some((w) => w.keys.some((k) => own.includes(k)) ||
      (w.prefix && (token.startsWith(w.token) || own.some((k) => w.keys.some((q) => k.startsWith(q))))) ||
      (w.token.length >= TYPO_LENGTH && own.some((k) => w.keys.some((q) => q.length >= TYPO_LENGTH - 1 && oneEditApart(k, q)))));
  }

  const RAW_WORD = /([\p{L}\p{N}][\p{L}\p{N}\p{M}._+#-]*)/u; // split() keeps the words at odd indexes

  // Adds to a result the first sentence of its posting's body (search/text/<slug>.bin) where
  // a query word is, the matching words in <mark>; for results that matched only in the body.
  async function addSnippet(item, textPath, queryWords, { load, words, languages }) {
    let sentences;
    try {
      sentences = await load(textPath);
    } catch (error) {
      return; // no text file: the result shows without a snippet
    }
    const marked = (raw) => words(raw).some((w) => matchesWord(w, queryWords, languages));
    for (const sentence of sentences) {
      const pieces = sentence.split(RAW_WORD);
      if (!pieces.some((piece, i) => i % 2 && marked(piece))) continue;
      const snippet = document.createElement("p");
      snippet.className = "snippet";
      pieces.forEach((piece, i) => {
        if (i % 2 && marked(piece)) {
          const mark = document.createElement("mark");
          mark.textContent = piece;
          snippet.append(mark);
        } else if (piece) {
          snippet.append(piece);
        }
      });
      item.append(snippet);
      return;
    }
  }

  // ---- Sorting ----
  const SORTS = [["", "bestMatch"], ["newest", "newest"], ["pay", "highestPay"]]; // value, key of its words

  // A "Sort by" select; its value is a key of SORTS ("" for the best match).
  function sortControl(words) {
    const label = document.createElement("label");
    label.className = "search-sort";
    const select = document.createElement("select");
    for (const [value, key] of SORTS) select.append(new Option(words(key), value));
    const text = document.createElement("span");
    text.className = "visually-hidden"; // the select's options say what it does
    text.textContent = words("sortBy");
    label.append(text, select);
    return { label, select };
  }

  // `ids` (ascending, so newest first) in the chosen order; null for the best match (ranked by
  // the caller). By pay: by the top of the annual range in the groups of search/pay-*.json,
  // newest first within a group, then postings whose pay is unknown or not convertible.
  function sortedIds(ids, sort, pay, forEachId, count) {
    if (sort === "newest") return ids;
    if (sort !== "pay") return null;
    const group = new Uint32Array(count).fill(pay.length);
    pay.forEach(([, list], k) => forEachId(list, (id) => { group[id] = k; }));
    return ids.slice().sort((a, b) => group[a] - group[b] || a - b);
  }

  window.jobboardMatch = { stem, key, keys, queryWords, compoundKeys, scoreWord, oneEditApart, addSnippet, sortControl, sortedIds };
})();
