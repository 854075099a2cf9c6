// The newsroom page: a client of the public API like any other.
//
// It asks for UTF-16 offsets (?offsets=utf16) so that text.slice(start, end) is exact for
// JavaScript strings even after emoji. Article text only ever enters the DOM as text nodes
// (append(string), textContent): never as HTML. With "Reported speech" on it asks for every
// kind (`kinds`), and draws reported speech apart from quotation: a dotted underline, no wash.
"use strict";

(() => {
  // Tableau 10 without its grey, which is kept for unattributed quotes.
  const PALETTE = ["#4e79a7", "#e15759", "#59a14f", "#f28e2b", "#b07aa1",
                   "#76b7b2", "#edc948", "#ff9da7", "#9c755f"];
  const UNATTRIBUTED = "";       // the legend key of quotes with no speaker
  const MAX_ATTEMPTS = 20;       // while the models load (503 + Retry-After)
  const INDIRECT = "indirect";
  const ALL_KINDS = ["direct", "fragment", INDIRECT];

  const $ = (id) => document.getElementById(id);
  const input = $("article-text");
  const state = { text: "", response: null, selected: null, reported: false };

  function colourOf(index) {
    if (index < PALETTE.length) return PALETTE[index];
    return `hsl(${Math.round((index * 137.508) % 360)} 55% 48%)`; // golden angle: far apart
  }

  function setStatus(message, kind = "") {
    $("status").textContent = message;
    $("status").dataset.kind = kind;
  }

  class ProblemError extends Error {
    constructor(status, problem) {
      const title = problem && problem.title ? problem.title : `HTTP ${status}`;
      super(problem && problem.detail ? `${title}: ${problem.detail}` : title);
    }
  }

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  // A service started with API keys answers 401: ask for a key once and keep it for this tab
  // only (sessionStorage), sent as X-API-Key like any other client would.
  const KEY_STORE = "quotes-api-key";

  function apiHeaders() {
    const headers = { "content-type": "application/json", accept: "application/json" };
    const key = sessionStorage.getItem(KEY_STORE);
    if (key) headers["x-api-key"] = key;
    return headers;
  }

  async function postQuotes(text, reported) {
    // the default (quotations only) is left to the service, as any client would
    const payload = JSON.stringify(reported ? { text, kinds: ALL_KINDS } : { text });
    for (let attempt = 1; ; attempt++) {
      let res;
      try {
        res = await fetch("v1/quotes?offsets=utf16", {
          method: "POST",
          headers: apiHeaders(),
          body: payload,
        });
      } catch (err) {
        throw new Error("The service cannot be reached.");
      }
      if (res.status === 401 && attempt < MAX_ATTEMPTS) {
        const key = window.prompt("This service needs an API key:");
        if (key && key.trim()) {
          sessionStorage.setItem(KEY_STORE, key.trim());
          continue;
        }
      }
      if (res.status === 503 && attempt < MAX_ATTEMPTS) {
        const wait = Math.min(30, Math.max(1, Number(res.headers.get("retry-after")) || 2));
        setStatus(`The models are still loading; trying again in ${wait} s…`, "busy");
        await sleep(wait * 1000);
        continue;
      }
      const body = await res.json().catch(() => null);
      if (!res.ok) throw new ProblemError(res.status, body);
      return body;
    }
  }

  async function analyze() {
    const text = input.value;
    if (!text.trim()) {
      setStatus("Paste or drop an article first.", "error");
      input.focus();
      return;
    }
    document.body.dataset.state = "busy";
    $("analyze").disabled = true;
    const reported = $("reported-speech").checked;
    setStatus(reported ? "Finding quotes and reported speech…" : "Finding quotes…", "busy");
    try {
      const response = await postQuotes(text, reported);
      Object.assign(state, { text, response, selected: null, reported });
      render();
      document.body.dataset.state = "done";
      setStatus("");
    } catch (err) {
      document.body.dataset.state = "error";
      setStatus(err.message, "error");
    } finally {
      $("analyze").disabled = false;
    }
  }

  // ---------------------------------------------------------------- rendering

  function speakerIndex(response) {
    const byId = new Map();
    response.speakers.forEach((s, i) => byId.set(s.id, { ...s, colour: colourOf(i), count: 0 }));
    return byId;
  }

  function swatch(colour) {
    const el = document.createElement("span");
    el.className = colour ? "swatch" : "swatch unattributed";
    if (colour) el.style.setProperty("--c", colour);
    return el;
  }

  // In text order; reported speech before a quotation that starts where it does (it holds it).
  const inTextOrder = (a, b) => a.start - b.start || (b.kind === INDIRECT) - (a.kind === INDIRECT);

  function render() {
    const { text, response } = state;
    const speakers = speakerIndex(response);
    let unattributed = 0;
    const list = $("quote-list");
    list.replaceChildren();
    const article = new ArticleBuilder(text);
    const quotes = [...response.quotes].sort(inTextOrder);
    const looks = new Map();
    for (const q of quotes) {
      const speaker = q.speaker_id ? speakers.get(q.speaker_id) : undefined;
      // several people who say it together: each is counted, the first gives the colour
      const together = (q.speaker_ids || []).map((id) => speakers.get(id)).filter(Boolean);
      if (speaker) together.forEach((s) => { s.count += 1; }); else unattributed += 1;
      const names = together.map((s) => s.name).join(" and ") || (speaker && speaker.name);
      looks.set(q.id, { speaker, names });
      list.append(quoteItem(q, looks.get(q.id)));
    }
    // a fragment inside reported speech (`within`) is drawn inside that item's mark
    const inner = new Map();
    for (const q of quotes) {
      if (q.within && looks.has(q.within)) {
        if (!inner.has(q.within)) inner.set(q.within, []);
        inner.get(q.within).push(q);
      }
    }
    for (const q of quotes) {
      if (q.within && looks.has(q.within)) continue;
      const held = (inner.get(q.id) || []).map((f) => [f, looks.get(f.id)]);
      article.quote(q, looks.get(q.id), held);
    }
    $("article").replaceChildren(...article.finish());
    renderLegend(speakers, unattributed);
    $("kinds-key").hidden = !state.reported;
    $("summary").textContent = summary(quotes, speakers.size, unattributed);
    // a phone shows the list folded above the article (one line), a desktop beside it, open
    $("quotes-box").open = !window.matchMedia("(max-width: 900px)").matches;
    $("results").hidden = false;
    applyFilter();
  }

  const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

  function summary(quotes, speakerCount, unattributed) {
    const reported = quotes.filter((q) => q.kind === INDIRECT).length;
    const parts = [plural(quotes.length - reported, "quote")];
    if (state.reported) parts.push(`${reported} reported`);
    parts.push(plural(speakerCount, "speaker"));
    if (unattributed) parts.push(`${unattributed} unattributed`);
    return parts.join(" · ");
  }

  // The article as one <p> a line, for paragraph spacing, with "\n" text nodes between them so
  // that the element's textContent is exactly the submitted text. A quote that runs over a line
  // break becomes one <mark> per line, all with its data-quote-id; the fragments a reported-speech
  // item holds are marks inside its marks.
  class ArticleBuilder {
    constructor(text) {
      this.text = text;
      this.cursor = 0;
      this.nodes = [];
      this.marked = new Set();
      this.para = document.createElement("p");
    }

    quote(q, look, held = []) {
      const start = Math.max(q.start, this.cursor); // never re-emit text if spans ever overlap
      this.emit(this.cursor, start, null);
      this.emit(start, q.end, () => this.mark(q, look), (mark, from, to) => {
        this.fill(mark, from, to, held);
      });
      this.cursor = Math.max(this.cursor, q.end);
    }

    // The words [from, to) into `mark`, the held fragments there as marks of their own.
    fill(mark, from, to, held) {
      let pos = from;
      for (const [f, look] of held) {
        const a = Math.max(f.start, pos);
        const b = Math.min(f.end, to);
        if (b <= a) continue;
        mark.append(this.text.slice(pos, a));
        const inner = this.mark(f, look);
        inner.textContent = this.text.slice(a, b);
        mark.append(inner);
        pos = b;
      }
      mark.append(this.text.slice(pos, to));
    }

    finish() {
      this.emit(this.cursor, this.text.length, null);
      this.nodes.push(this.para);
      return this.nodes;
    }

    emit(from, to, makeMark, fill) {
      let pos = from;
      while (pos < to) {
        const newline = this.text.indexOf("\n", pos);
        const end = newline === -1 || newline >= to ? to : newline;
        if (end > pos) {
          if (makeMark) {
            const mark = makeMark();
            fill(mark, pos, end);
            this.para.append(mark);
          } else {
            this.para.append(this.text.slice(pos, end));
          }
        }
        if (end < to) { // a line break: close this paragraph
          this.nodes.push(this.para, "\n");
          this.para = document.createElement("p");
          pos = end + 1;
        } else {
          pos = end;
        }
      }
    }

    mark(q, { speaker, names }) {
      const mark = document.createElement("mark");
      if (!this.marked.has(q.id)) { // the first piece: where the quote list scrolls to
        mark.id = `quote-${q.id}`;
        this.marked.add(q.id);
      }
      mark.dataset.quoteId = q.id;
      mark.dataset.kind = q.kind;
      mark.dataset.speaker = q.speaker_id || UNATTRIBUTED;
      mark.dataset.speakers = (q.speaker_ids || []).join(" ");
      const who = speaker ? `${names}${q.cue ? ` (${q.cue.text})` : ""}`
                          : "Unattributed: nobody in the article can be named as the speaker";
      mark.title = q.kind === INDIRECT ? `Reported speech: ${who}` : who;
      if (q.kind === INDIRECT) mark.classList.add("reported");
      if (speaker) mark.style.setProperty("--c", speaker.colour);
      else mark.classList.add("unattributed");
      return mark;
    }
  }

  function quoteItem(q, { speaker, names }) {
    const li = document.createElement("li");
    li.dataset.speaker = q.speaker_id || UNATTRIBUTED;
    li.dataset.speakers = (q.speaker_ids || []).join(" ");
    li.dataset.quoteId = q.id;
    li.dataset.kind = q.kind;
    if (q.within) li.classList.add("within"); // listed under the reported speech that holds it
    li.append(swatch(speaker && speaker.colour));
    // quoted words in quotation marks; reported speech is the article's words, so none
    const words = document.createElement(q.kind === INDIRECT ? "span" : "q");
    words.className = q.kind === INDIRECT ? "words reported" : "words";
    words.textContent = q.text;
    const who = document.createElement("span");
    who.className = speaker ? "who" : "who none";
    who.textContent = speaker ? `${names}${q.cue ? `, ${q.cue.text}` : ""}` : "unattributed";
    if (q.kind === INDIRECT) who.textContent += " · reported";
    li.append(words, who);
    li.tabIndex = 0;
    li.addEventListener("click", () => flash(q.id));
    li.addEventListener("keydown", (e) => { if (e.key === "Enter") flash(q.id); });
    return li;
  }

  function flash(quoteId) {
    const mark = document.getElementById(`quote-${quoteId}`);
    if (!mark) return;
    mark.scrollIntoView({ block: "center", behavior: "smooth" });
    mark.classList.remove("flash");
    void mark.offsetWidth; // restart the animation
    mark.classList.add("flash");
  }

  function legendEntry(key, name, count, colour) {
    const li = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "speaker";
    button.dataset.speaker = key;
    button.setAttribute("aria-pressed", "false");
    const label = document.createElement("span");
    label.className = key === UNATTRIBUTED ? "name none" : "name";
    label.textContent = name;
    const badge = document.createElement("span");
    badge.className = "count";
    badge.textContent = String(count);
    button.append(swatch(colour), label, badge);
    button.addEventListener("click", () => {
      state.selected = state.selected === key ? null : key;
      applyFilter();
    });
    li.append(button);
    return li;
  }

  function renderLegend(speakers, unattributed) {
    const entries = [...speakers.values()].map((s) => legendEntry(s.id, s.name, s.count, s.colour));
    if (unattributed) entries.push(legendEntry(UNATTRIBUTED, "Unattributed", unattributed, null));
    $("legend").replaceChildren(...entries);
  }

  function applyFilter() {
    const { selected } = state;
    const shows = (el) => selected === null || el.dataset.speaker === selected
      || (el.dataset.speakers || "").split(" ").includes(selected);
    for (const mark of $("article").querySelectorAll("mark")) {
      mark.classList.toggle("dim", !shows(mark));
    }
    for (const li of $("quote-list").children) li.hidden = !shows(li);
    for (const button of $("legend").querySelectorAll("button")) {
      button.setAttribute("aria-pressed", String(button.dataset.speaker === selected));
    }
    $("show-all").hidden = selected === null;
    const entry = selected === null ? null
      : $("legend").querySelector(`button[data-speaker="${CSS.escape(selected)}"] .name`);
    $("quote-list-title").textContent = entry ? `Quotes: ${entry.textContent}` : "All quotes";
  }

  // ---------------------------------------------------------------- input

  async function loadFile(file) {
    if (file.type && !file.type.startsWith("text/")) {
      setStatus(`${file.name} is not a plain-text file.`, "error");
      return;
    }
    input.value = await file.text();
    await analyze();
  }

  function wireDropZone() {
    const zone = $("drop-zone");
    const over = (on) => (e) => { e.preventDefault(); zone.classList.toggle("over", on); };
    zone.addEventListener("dragenter", over(true));
    zone.addEventListener("dragover", over(true));
    zone.addEventListener("dragleave", over(false));
    zone.addEventListener("drop", async (e) => {
      over(false)(e);
      const file = e.dataTransfer.files[0];
      if (file) return loadFile(file);
      const text = e.dataTransfer.getData("text/plain");
      if (text) { input.value = text; await analyze(); }
    });
  }

  // Clipboard API where the page is a secure context (https, localhost); the old way elsewhere,
  // since newsrooms often reach the service over plain http on an internal host.
  async function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return;
    }
    const scratch = document.createElement("textarea");
    scratch.value = text;
    scratch.className = "visually-hidden";
    document.body.append(scratch);
    scratch.select();
    const ok = document.execCommand("copy");
    scratch.remove();
    if (!ok) throw new Error("the browser refused to copy");
  }

  async function copyJson() {
    const button = $("copy-json");
    try {
      await copyText(JSON.stringify(state.response, null, 2));
      button.textContent = "Copied ✓";
    } catch (err) {
      button.textContent = "Copy failed";
      setStatus(`Could not copy: ${err.message}`, "error");
    }
    setTimeout(() => { button.textContent = "Copy JSON"; }, 2000);
  }

  async function watchService() {
    const pill = $("service-status");
    for (;;) {
      let status = 0;
      try { status = (await fetch("health/ready")).status; } catch (err) { status = 0; }
      const ready = status === 200;
      pill.dataset.state = ready ? "ready" : status === 503 ? "loading" : "down";
      pill.textContent = ready ? "Ready" : status === 503 ? "Loading models…" : "Service unreachable";
      if (ready) return;
      await sleep(3000);
    }
  }

  $("analyze").addEventListener("click", analyze);
  // switching reported speech on or off asks again for the article on show
  $("reported-speech").addEventListener("change", () => {
    if (state.response && input.value === state.text) analyze();
  });
  $("copy-json").addEventListener("click", copyJson);
  $("show-all").addEventListener("click", () => { state.selected = null; applyFilter(); });
  $("file-input").addEventListener("change", (e) => {
    if (e.target.files[0]) loadFile(e.target.files[0]);
    e.target.value = "";
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); analyze(); }
  });
  wireDropZone();
  watchService();
})();
