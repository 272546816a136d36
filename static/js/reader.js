/* The reading page: highlights annotations with the CSS Custom Highlight API (no element is ever
   inserted into the text, so Arabic letters keep joining), turns a selection into code-point
   offsets of the stored text, and drives the annotation editor and the keyboard shortcuts.

   Offsets: the server counts code points; the DOM counts UTF-16 code units. Each paragraph is a
   <p data-start data-end> holding exactly body[start:end] as one text node; conversion happens
   inside a paragraph only. The headline and the byline are parts of their own (data-part="title",
   "byline"), one text node each, their offsets counted from 0 in their own stored text. */
(() => {
  "use strict";

  const STANCES = ["asserts", "denies", "questions", "reports"];
  const PART_ORDER = { title: 0, byline: 1, body: 2 };
  const body = document.getElementById("article-body");
  const reader = body && body.closest(".reader");
  const editor = document.getElementById("annotation-editor");
  const inSidePanel = Boolean(editor && editor.closest(".side-panel"));
  let paraData = [];
  let pending = null; // the passage being annotated: {start, end, quote}
  let current = null; // id of the annotation last jumped to
  let keyboardSelecting = false;
  let flashTimer = 0;

  /* ---------- code points <-> UTF-16 ---------- */

  function cpToUnits(text, cp) {
    let units = 0;
    let n = 0;
    for (const ch of text) {
      if (n === cp) break;
      units += ch.length;
      n += 1;
    }
    return units;
  }

  function unitsToCp(text, units) {
    let cp = 0;
    let u = 0;
    for (const ch of text) {
      if (u >= units) break;
      u += ch.length;
      cp += 1;
    }
    return cp;
  }

  function loadParagraphs() {
    const datum = (el, part) => ({
      el,
      part,
      start: Number(el.dataset.start),
      end: Number(el.dataset.end),
      node: el.firstChild,
      cps: Array.from(el.textContent),
    });
    // The headline and byline, when their text is exactly the stored one (else not annotatable).
    const head = Array.from(reader ? reader.querySelectorAll(".article-head [data-part]") : [])
      .map((el) => datum(el, el.dataset.part))
      .filter((d) => d.node && d.node.nodeType === Node.TEXT_NODE && d.cps.length === d.end - d.start);
    paraData = head.concat(Array.from(body.querySelectorAll("p[data-start]")).map((el) => datum(el, "body")));
  }

  const inPart = (part) => paraData.filter((q) => q.part === (part || "body"));

  /* A DOM point for a code-point offset of a part: starts snap forward, ends snap back, to text. */
  function pointAt(cp, edge, part) {
    const paras = inPart(part);
    if (edge === "start") {
      const p = paras.find((q) => q.end > cp);
      if (!p || !p.node) return null;
      const local = Math.max(cp, p.start) - p.start;
      return [p.node, cpToUnits(p.node.data, local)];
    }
    const p = paras.findLast((q) => q.start < cp);
    if (!p || !p.node) return null;
    const local = Math.min(cp, p.end) - p.start;
    return [p.node, cpToUnits(p.node.data, local)];
  }

  function rangeFor(start, end, part) {
    const a = pointAt(start, "start", part);
    const b = pointAt(end, "end", part);
    if (!a || !b) return null;
    const range = new Range();
    range.setStart(a[0], a[1]);
    range.setEnd(b[0], b[1]);
    return range.collapsed ? null : range;
  }

  /* Where a DOM boundary (node, offset) falls as a start or an end: {part, at} in code points. */
  function placeOf(node, offset, edge) {
    const el = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    const d = el ? paraData.find((q) => q.el === el || q.el.contains(el)) : null;
    if (d) {
      if (node.nodeType === Node.TEXT_NODE) return { part: d.part, at: d.start + unitsToCp(node.data, offset) };
      return { part: d.part, at: offset === 0 ? d.start : d.end };
    }
    const probe = document.createRange();
    probe.setStart(node, offset);
    if (edge === "start") {
      const q = paraData.find((p) => probe.comparePoint(p.el, 0) >= 0);
      return q ? { part: q.part, at: q.start } : null;
    }
    const q = paraData.findLast((p) => probe.comparePoint(p.el, p.el.childNodes.length) <= 0);
    return q ? { part: q.part, at: q.end } : null;
  }

  function charAt(cp, part) {
    const p = inPart(part).find((q) => q.start <= cp && cp < q.end);
    return p ? p.cps[cp - p.start] : null;
  }

  /* The text of a span as the reader sees it: paragraph pieces, a line break where the body has
     characters between them (the server compares with whitespace folded). */
  function quoteOf(start, end, part) {
    let out = "";
    let last = null;
    for (const p of inPart(part)) {
      if (p.end <= start || p.start >= end) continue;
      if (last !== null && p.start > last) out += "\n";
      out += p.cps.slice(Math.max(start, p.start) - p.start, Math.min(end, p.end) - p.start).join("");
      last = p.end;
    }
    return out;
  }

  function selectedSpan() {
    const sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
    const range = sel.getRangeAt(0);
    if (!paraData.some((q) => range.intersectsNode(q.el))) return null;
    const from = placeOf(range.startContainer, range.startOffset, "start");
    const to = placeOf(range.endContainer, range.endOffset, "end");
    if (from === null || to === null) return null;
    // A span lies in one part: a selection running from the headline on stops at its end.
    const part = from.part;
    let start = from.at;
    let end = to.part === part ? to.at : Math.max(...inPart(part).map((q) => q.end));
    const blank = (c) => c === null || /\s/u.test(c);
    while (start < end && blank(charAt(start, part))) start += 1;
    while (end > start && blank(charAt(end - 1, part))) end -= 1;
    if (start >= end) return null;
    if (!exactSelection) {
      // A selection that starts or ends inside a word takes the whole word (letters, marks,
      // digits, the tatweel); Alt while selecting keeps it exactly as made.
      while (start > 0 && inWord(charAt(start - 1, part)) && inWord(charAt(start, part))) start -= 1;
      while (inWord(charAt(end, part)) && inWord(charAt(end - 1, part))) end += 1;
    }
    return { part, start, end, quote: quoteOf(start, end, part) };
  }

  const inWord = (c) => c !== null && /[\p{L}\p{M}\p{N}\u0640]/u.test(c);
  let exactSelection = false;
  document.addEventListener("pointerup", (event) => { exactSelection = event.altKey; });
  document.addEventListener("keydown", (event) => {
    if (event.shiftKey && event.key.startsWith("Arrow")) exactSelection = event.altKey;
  });

  /* ---------- highlights ---------- */

  const hasHighlights = typeof CSS !== "undefined" && "highlights" in CSS;

  function panelItems() {
    return Array.from(document.querySelectorAll("#annotation-panel li.annotation[data-id]"));
  }

  const spanOf = (li) => ({
    part: li.dataset.part || "body",
    start: Number(li.dataset.start),
    end: Number(li.dataset.end),
    stance: li.dataset.stance,
  });

  function liveItems() {
    const order = (li) => PART_ORDER[li.dataset.part || "body"] ?? 2;
    return panelItems()
      .filter((li) => li.dataset.orphan !== "true")
      .sort((a, b) => order(a) - order(b) || Number(a.dataset.start) - Number(b.dataset.start) || Number(a.dataset.end) - Number(b.dataset.end));
  }

  function paint(extra) {
    if (!hasHighlights || !body) return;
    const sets = Object.fromEntries(STANCES.map((s) => [s, new Highlight()]));
    const spans = liveItems().map(spanOf);
    if (extra) spans.push({ ...extra, part: extra.part || "body" });
    const edges = {};
    for (const span of spans) {
      const range = rangeFor(span.start, span.end, span.part);
      if (!range) continue;
      (sets[span.stance] || sets.asserts).add(range);
      (edges[span.part] ||= []).push([span.start, 1], [span.end, -1]);
    }
    // Where two or more annotations cover the same characters, an extra underline says so.
    const overlap = new Highlight();
    for (const [part, list] of Object.entries(edges)) {
      list.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      let depth = 0;
      let from = null;
      for (const [at, step] of list) {
        const before = depth;
        depth += step;
        if (before < 2 && depth >= 2) from = at;
        if (before >= 2 && depth < 2 && from !== null && at > from) {
          const range = rangeFor(from, at, part);
          if (range) overlap.add(range);
          from = null;
        }
      }
    }
    overlap.priority = 1;
    for (const stance of STANCES) CSS.highlights.set(`ann-${stance}`, sets[stance]);
    CSS.highlights.set("ann-overlap", overlap);
  }

  function setSpecial(name, span) {
    if (!hasHighlights) return;
    const range = span && rangeFor(span.start, span.end, span.part);
    if (!range) {
      CSS.highlights.delete(name);
      return;
    }
    const hl = new Highlight(range);
    hl.priority = name === "ann-focus" ? 3 : 2;
    CSS.highlights.set(name, hl);
  }

  function scrollToSpan(start, end, part) {
    const range = rangeFor(start, end, part);
    if (!range) return;
    const details = range.startContainer.parentElement.closest("details");
    if (details && !details.open) details.open = true;
    const rect = range.getBoundingClientRect();
    const top = rect.top + window.scrollY - window.innerHeight / 3;
    window.scrollTo({ top: Math.max(0, top), behavior: "smooth" });
  }

  function flash(span) {
    setSpecial("ann-focus", span);
    window.clearTimeout(flashTimer);
    flashTimer = window.setTimeout(() => setSpecial("ann-focus", null), 1800);
  }

  function focusAnnotation(id, { moveFocus = true } = {}) {
    const li = document.getElementById(`annotation-${id}`);
    if (!li) return;
    current = String(id);
    for (const other of panelItems()) other.classList.toggle("current", other === li);
    const span = spanOf(li);
    if (li.dataset.orphan !== "true") {
      scrollToSpan(span.start, span.end, span.part);
      flash(span);
    }
    if (moveFocus) li.focus({ preventScroll: true });
    li.scrollIntoView({ block: "nearest" });
  }

  function step(direction) {
    const items = liveItems();
    if (!items.length) return;
    let index = items.findIndex((li) => li.dataset.id === current);
    index = index < 0 ? (direction > 0 ? 0 : items.length - 1) : (index + direction + items.length) % items.length;
    focusAnnotation(items[index].dataset.id);
  }

  /* ---------- the editor ---------- */

  const status = document.createElement("p");
  status.className = "reader-status";
  status.setAttribute("role", "status");
  document.body.append(status);

  function announce(text) {
    status.textContent = text;
    status.classList.add("shown");
    window.setTimeout(() => status.classList.remove("shown"), 2500);
  }

  /* The editor heads the side panel, in the flow: it pushes the annotation cards down and never
     covers them. On a wide screen the panel stays beside the text (sticky, scrolling on its own)
     and the editor ends above the fold, Save pinned to its bottom edge; on a narrow one the
     panel follows the article and the page scrolls to the editor. */
  const wide = () => window.matchMedia("(min-width: 901px)").matches;

  function fitEditor() {
    const top = Math.max(0, editor.getBoundingClientRect().top);
    editor.style.maxHeight = `${Math.max(240, window.innerHeight - top - 12)}px`;
  }

  function placeEditor() {
    if (!inSidePanel || !body) return;
    const aside = editor.closest(".side-panel");
    editor.style.maxHeight = "";
    if (wide()) {
      aside.scrollTop = 0;
      fitEditor();
    } else {
      window.scrollTo({ top: Math.max(0, editor.getBoundingClientRect().top + window.scrollY - 8) });
    }
  }

  // Until the panel sticks (near the top of the page) it moves with the page: Save follows.
  let fitFrame = 0;
  const refit = () => {
    if (!inSidePanel || editor.hidden || !wide() || fitFrame) return;
    fitFrame = window.requestAnimationFrame(() => {
      fitFrame = 0;
      fitEditor();
    });
  };
  window.addEventListener("scroll", refit, { passive: true });
  window.addEventListener("resize", refit);

  function closeEditor() {
    if (!inSidePanel) return;
    if (pending && !wide()) scrollToSpan(pending.start, pending.end, pending.part);
    editor.hidden = true;
    editor.replaceChildren();
    pending = null;
    setSpecial("ann-pending", null);
    const li = current && document.getElementById(`annotation-${current}`);
    (li || body).focus({ preventScroll: true });
  }

  function annotateSelection() {
    if (!body.dataset.newUrl) return; // a reader: the page offers no annotating
    const span = selectedSpan();
    if (!span) {
      announce(body.dataset.noSelection || "");
      return;
    }
    pending = span;
    keyboardSelecting = false;
    setSpecial("ann-pending", span);
    annotateButton.hidden = true;
    const url = `${body.dataset.newUrl}?part=${span.part}&start=${span.start}&end=${span.end}`;
    window.htmx.ajax("GET", url, { target: "#annotation-editor", swap: "innerHTML" });
  }

  function editorSwapped() {
    const inner = editor.querySelector(".editor-inner, .history, .saved, .form-errors");
    if (!inner) return;
    if (inner.classList.contains("saved")) {
      announce(inner.textContent.trim());
      closeEditor();
      return;
    }
    editor.hidden = false;
    const form = editor.querySelector("#annotation-form");
    if (form && pending && inner.dataset.mode === "new" && form.elements.quote) {
      // The server fills the quote from its own copy of the body; send back what the reader
      // selected instead, so that a page out of step with the body is caught on save.
      form.elements.quote.value = pending.quote;
    }
    placeEditor();
    if (inner.dataset.mode === "edit" && inner.dataset.start) {
      setSpecial("ann-pending", { part: inner.dataset.part, start: Number(inner.dataset.start), end: Number(inner.dataset.end) });
    }
    const target =
      editor.querySelector(".conflict, .form-errors") ||
      editor.querySelector("input[type=search]:not([hidden])") ||
      editor.querySelector("h2");
    if (target) {
      if (!target.hasAttribute("tabindex") && !/^(INPUT|TEXTAREA|BUTTON|SELECT|A)$/.test(target.tagName)) {
        target.setAttribute("tabindex", "-1");
      }
      target.focus({ preventScroll: true });
    }
  }

  document.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    if (target.closest("[data-close-editor]") && inSidePanel && editor.contains(target)) {
      event.preventDefault();
      return closeEditor();
    }
    const jump = target.closest("[data-jump]");
    if (jump) {
      event.preventDefault();
      return focusAnnotation(jump.dataset.jump);
    }
    if (target.closest("[data-help]")) return toggleHelp(true);
    if (target.closest("[data-close-help]")) return toggleHelp(false);
    if (target.closest("#annotate-button")) return annotateSelection();
  });


  /* ---------- help ---------- */

  const help = document.getElementById("help-overlay");
  let helpReturn = null;

  function toggleHelp(show) {
    if (!help) return;
    if (show) {
      helpReturn = document.activeElement;
      help.hidden = false;
      help.querySelector("[data-close-help]").focus();
    } else if (!help.hidden) {
      help.hidden = true;
      if (helpReturn && helpReturn.focus) helpReturn.focus();
    }
  }

  /* ---------- keyboard shortcuts ---------- */

  function typing(target) {
    return target instanceof Element && Boolean(target.closest("input, textarea, select, [contenteditable]"));
  }

  function startKeyboardSelection() {
    const sel = window.getSelection();
    const visible = paraData.find((p) => p.el.getBoundingClientRect().bottom > 0 && !p.el.closest("details:not([open])"));
    const p = visible || paraData[0];
    if (!p || !p.node) return;
    sel.collapse(p.node, 0);
    keyboardSelecting = true;
    body.classList.add("selecting");
    announce(body.dataset.selectingHint || "");
  }

  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      if (help && !help.hidden) return toggleHelp(false);
      if (editor && !editor.hidden && inSidePanel) return closeEditor();
      if (keyboardSelecting) {
        keyboardSelecting = false;
        body.classList.remove("selecting");
        window.getSelection().removeAllRanges();
      }
      return;
    }
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      const form = editor && editor.querySelector("#annotation-form");
      if (form) {
        event.preventDefault();
        form.requestSubmit();
      }
      return;
    }
    if (!body || typing(event.target) || event.altKey || (event.ctrlKey && !keyboardSelecting) || event.metaKey) return;
    if (keyboardSelecting && event.key.startsWith("Arrow")) {
      const sel = window.getSelection();
      const horizontal = event.key === "ArrowLeft" || event.key === "ArrowRight";
      const direction = { ArrowLeft: "left", ArrowRight: "right", ArrowUp: "backward", ArrowDown: "forward" }[event.key];
      const unit = horizontal ? (event.ctrlKey ? "paragraphboundary" : "word") : "line";
      sel.modify(event.shiftKey ? "extend" : "move", direction, unit);
      event.preventDefault();
      return;
    }
    const key = event.key.toLowerCase();
    if (event.key === "?") toggleHelp(true);
    else if (key === "a" || key === "ش") annotateSelection();
    else if (key === "v" || key === "ر") startKeyboardSelection();
    else if (key === "j" || key === "ت") step(1);
    else if (key === "k" || key === "ن") step(-1);
    else if ((key === "e" || key === "ث") && current) {
      const link = document.querySelector(`#annotation-${current} [data-edit]`);
      if (link) link.click();
    } else return;
    event.preventDefault();
  });

  /* ---------- wiring ---------- */

  const annotateButton = document.getElementById("annotate-button");

  function placeAnnotateButton() {
    if (!annotateButton) return;
    const span = selectedSpan();
    if (!span) {
      annotateButton.hidden = true;
      return;
    }
    const rects = window.getSelection().getRangeAt(0).getClientRects();
    const last = rects[rects.length - 1];
    if (!last) return;
    annotateButton.hidden = false;
    const rtl = getComputedStyle(body).direction === "rtl";
    const left = rtl ? last.left - annotateButton.offsetWidth : last.right;
    annotateButton.style.top = `${last.bottom + window.scrollY + 6}px`;
    annotateButton.style.left = `${Math.max(8, left + window.scrollX)}px`;
  }

  let selectionTimer = 0;
  document.addEventListener("selectionchange", () => {
    window.clearTimeout(selectionTimer);
    selectionTimer = window.setTimeout(placeAnnotateButton, 120);
  });

  document.body.addEventListener("htmx:beforeSwap", (event) => {
    const code = event.detail.xhr.status;
    if (code === 400 || code === 409 || code === 422) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  document.body.addEventListener("htmx:afterSettle", (event) => {
    // htmx wires up the new fields (hx-trigger) while settling, after htmx:afterSwap: focusing
    // the claim search any earlier would let the first keystrokes go by unheard.
    if (editor && event.detail.target === editor && inSidePanel) editorSwapped();
    if (event.detail.elt && event.detail.elt.id === "annotation-panel") {
      paint();
      if (current) {
        const li = document.getElementById(`annotation-${current}`);
        if (li) li.classList.add("current");
      }
    }
  });

  document.body.addEventListener("annotationSaved", (event) => {
    const detail = event.detail || {};
    if (detail.id) {
      current = String(detail.id);
      paint({ part: detail.part, start: detail.start, end: detail.end, stance: detail.stance });
      flash({ part: detail.part, start: detail.start, end: detail.end });
    }
  });

  document.body.addEventListener("annotationDeleted", () => {
    current = null;
  });

  if (body) {
    loadParagraphs();
    paint();
    (reader || body).addEventListener("click", (event) => {
      const sel = window.getSelection();
      if (sel && !sel.isCollapsed) return;
      const caret = document.caretPositionFromPoint
        ? document.caretPositionFromPoint(event.clientX, event.clientY)
        : null;
      if (!caret || !paraData.some((q) => q.el.contains(caret.offsetNode))) return;
      const where = placeOf(caret.offsetNode, caret.offset, "start");
      if (where === null) return;
      const at = where.at;
      const hit = liveItems()
        .filter((li) => (li.dataset.part || "body") === where.part && Number(li.dataset.start) <= at && at < Number(li.dataset.end))
        .sort((a, b) => Number(a.dataset.end) - Number(a.dataset.start) - (Number(b.dataset.end) - Number(b.dataset.start)))[0];
      if (hit) {
        current = hit.dataset.id;
        for (const other of panelItems()) other.classList.toggle("current", other === hit);
        hit.scrollIntoView({ block: "nearest", behavior: "smooth" });
      }
    });
    const match = /^#annotation-(\d+)$/.exec(window.location.hash);
    if (match) focusAnnotation(match[1], { moveFocus: false });
  }

  // For tests and for anyone checking the offset arithmetic in the console.
  // offsetOf: a body offset, or null outside the body (what proposals.js asks: proposals are
  // passages of the body); placeOf says which part, headline and byline included.
  const offsetOf = (node, offset, edge) => {
    const where = placeOf(node, offset, edge);
    return where && where.part === "body" ? where.at : null;
  };
  window.readerOffsets = { cpToUnits, unitsToCp, selectedSpan, quoteOf, rangeFor, scrollToSpan, offsetOf, placeOf };
})();
