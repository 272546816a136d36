/* The extractor's proposals on the article page (reviewers only): marks their passages with a
   dotted underline (CSS Custom Highlight API, distinct from the annotations' colours) and drives
   the keyboard: P moves into the proposals, J/K or the arrows move between them, Enter accepts,
   E opens the editor pre-filled ("edit, then accept"), X or Delete rejects; 1, 2, 3 choose one
   of the proposal's likely claims for the next Enter (0 goes back to the default), Latin or
   Arabic-Indic digits alike.

   The panel (#proposal-panel) is server-rendered; accepting or rejecting swaps it (htmx), and
   focus then goes to the proposal that took the decided one's place. Offsets go through
   reader.js (window.readerOffsets.rangeFor), loaded before this file. */
(() => {
  "use strict";

  const hasHighlights = typeof CSS !== "undefined" && "highlights" in CSS;
  let currentIndex = -1; // position of the focused proposal in the list
  let active = false; // whether the reviewer is working through the proposals
  let focusId = null; // a proposal to focus once the panel is back (after an undo)

  function panel() {
    return document.getElementById("proposal-panel");
  }

  function items() {
    const p = panel();
    return p ? Array.from(p.querySelectorAll("li.proposal[data-proposal]")) : [];
  }

  function rangeFor(start, end) {
    const offsets = window.readerOffsets;
    return offsets && offsets.rangeFor ? offsets.rangeFor(start, end) : null;
  }

  function paint() {
    if (!hasHighlights) return;
    const all = new Highlight();
    for (const li of items()) {
      const range = rangeFor(Number(li.dataset.start), Number(li.dataset.end));
      if (range) all.add(range);
    }
    all.priority = 0;
    CSS.highlights.set("proposal", all);
    paintFocus();
  }

  function paintFocus() {
    if (!hasHighlights) return;
    const li = items()[currentIndex];
    const range = li && active ? rangeFor(Number(li.dataset.start), Number(li.dataset.end)) : null;
    if (!range) {
      CSS.highlights.delete("proposal-focus");
      return;
    }
    const focus = new Highlight(range);
    focus.priority = 2;
    CSS.highlights.set("proposal-focus", focus);
  }

  function focusAt(index) {
    const list = items();
    if (!list.length) {
      currentIndex = -1;
      paintFocus();
      const p = panel();
      if (p && active) {
        const heading = p.querySelector("h2");
        heading.setAttribute("tabindex", "-1");
        heading.focus({ preventScroll: true });
      }
      return;
    }
    currentIndex = Math.max(0, Math.min(index, list.length - 1));
    active = true;
    const li = list[currentIndex];
    for (const other of list) other.classList.toggle("current", other === li);
    li.focus({ preventScroll: true });
    li.scrollIntoView({ block: "nearest" });
    const offsets = window.readerOffsets;
    if (offsets && offsets.scrollToSpan) offsets.scrollToSpan(Number(li.dataset.start), Number(li.dataset.end));
    paintFocus();
  }

  function act(li, action) {
    const control = li.querySelector(`[data-proposal-action=${action}]`);
    if (control) control.click();
  }

  // A likely claim's radio button is not typing: Enter on it accepts with that claim.
  function typing(target) {
    return (
      target instanceof Element &&
      Boolean(target.closest("input:not([type=radio]), textarea, select, [contenteditable]"))
    );
  }

  const DIGITS = { "0": 0, "1": 1, "2": 2, "3": 3, "٠": 0, "١": 1, "٢": 2, "٣": 3 };

  function chooseClaim(li, n) {
    const radio = li.querySelector(`input[data-claim-key="${n}"]`);
    if (!radio) return false;
    radio.checked = true;
    return true;
  }

  // Inside the panel these keys belong to the proposals: stopPropagation keeps reader.js's own
  // J/K/E (annotations) from acting too.
  document.addEventListener(
    "keydown",
    (event) => {
      const target = event.target instanceof Element ? event.target : null;
      if (!target || typing(target) || event.altKey || event.ctrlKey || event.metaKey) return;
      const li = target.closest("#proposal-panel li.proposal");
      const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
      const undo = document.querySelector("#proposal-panel [data-undo]");
      if ((key === "u" || key === "ع") && undo && (li || target.closest("#proposal-panel") || target === document.body)) {
        event.preventDefault();
        event.stopPropagation();
        undo.click();
        return;
      }
      if (!li) {
        if ((key === "p" || key === "ح") && items().length && !target.closest("#annotation-editor")) {
          event.preventDefault();
          event.stopPropagation();
          focusAt(currentIndex < 0 ? 0 : currentIndex);
        }
        return;
      }
      if (target.matches("input[type=radio]") && key.startsWith("Arrow")) return; // its own group
      const index = items().indexOf(li);
      const onControl = target !== li && Boolean(target.closest("button, a"));
      if (key === "j" || key === "ت" || key === "ArrowDown") focusAt(index + 1);
      else if (key === "k" || key === "ن" || key === "ArrowUp") focusAt(index - 1);
      else if (key in DIGITS) {
        if (!chooseClaim(li, DIGITS[key])) return;
        active = true;
        currentIndex = index;
      } else {
        const action =
          key === "Enter" && !onControl ? "accept"
          : key === "e" || key === "ث" ? "edit"
          : key === "x" || key === "ء" || key === "Delete" ? "reject"
          : null;
        if (!action) return;
        active = true;
        currentIndex = index;
        act(li, action);
      }
      event.preventDefault();
      event.stopPropagation();
    },
    true,
  );

  document.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target : null;
    const undo = target && target.closest("[data-undo]");
    if (undo) {
      focusId = undo.dataset.undo;
      active = true;
      return;
    }
    const jump = target && target.closest("[data-proposal-jump]");
    if (!jump) return;
    event.preventDefault();
    focusAt(items().indexOf(jump.closest("li.proposal")));
  });

  // A click in the text on a proposed passage (no selection) focuses that proposal.
  const articleBody = document.getElementById("article-body");
  if (articleBody) {
    articleBody.addEventListener("click", (event) => {
      const sel = window.getSelection();
      const offsets = window.readerOffsets;
      if ((sel && !sel.isCollapsed) || !offsets || !offsets.offsetOf || !document.caretPositionFromPoint) return;
      const caret = document.caretPositionFromPoint(event.clientX, event.clientY);
      if (!caret) return;
      const at = offsets.offsetOf(caret.offsetNode, caret.offset, "start");
      if (at === null) return;
      const index = items().findIndex((li) => Number(li.dataset.start) <= at && at < Number(li.dataset.end));
      if (index >= 0) focusAt(index);
    });
  }

  document.body.addEventListener("htmx:afterSettle", (event) => {
    const elt = event.detail.elt;
    if (!elt || elt.id !== "proposal-panel") return;
    paint();
    if (focusId) {
      // An undone rejection: the proposal is back in its place in the list.
      const index = items().findIndex((li) => li.dataset.proposal === focusId);
      focusId = null;
      if (index >= 0) return focusAt(index);
    }
    // The decided proposal left the list: the one that took its place gets the focus.
    if (active && currentIndex >= 0) focusAt(currentIndex);
  });

  function announce(text) {
    const status = document.querySelector(".reader-status");
    if (!status || !text) return;
    status.textContent = text;
    status.classList.add("shown");
    window.setTimeout(() => status.classList.remove("shown"), 2500);
  }

  for (const name of ["proposalDecided", "proposalError", "annotationSaved"]) {
    document.body.addEventListener(name, (event) => announce((event.detail || {}).message));
  }

  paint();
})();
