/* Combo boxes (a search field whose server-rendered suggestions are picked with the mouse or the
   arrow keys into a hidden input): the claim, claimant and chain fields of the annotation
   editor, and the claim pickers of the dossier and of moving a mention. Works on any
   [data-combo] element on the page; the suggestions come from htmx (hx-get on the field). */
(() => {
  "use strict";

  /* ---------- combo boxes: claim, claimant, chain ---------- */

  function addChainStep(combo, value, label) {
    const template = combo.querySelector("#chain-item-template");
    const item = template.content.firstElementChild.cloneNode(true);
    item.querySelector("input").value = value;
    item.querySelector(".chain-label").textContent = label;
    combo.querySelector("#chain-list").append(item);
  }

  function pick(button) {
    const combo = button.closest("[data-combo]");
    const kind = button.dataset.pick;
    const search = combo.querySelector("input[type=search]");
    const box = combo.querySelector(".suggestion-box");
    if (kind === "chain") {
      addChainStep(combo, button.dataset.id || `new:${button.dataset.label}`, button.dataset.label);
      search.value = "";
      box.replaceChildren();
      search.focus();
      return;
    }
    const hidden = combo.querySelector(`input[name=${kind}]`);
    const chosen = combo.querySelector("[data-chosen]");
    box.replaceChildren();
    if (button.dataset.stance) {
      const stance = combo.closest("form").querySelector(`input[name=stance][value=${button.dataset.stance}]`);
      if (stance) stance.checked = true;
    }
    if (button.dataset.id) {
      hidden.value = button.dataset.id;
      search.value = button.dataset.label;
      chosen.querySelector("[data-chosen-label]").textContent = button.dataset.label;
      chosen.hidden = false;
      search.hidden = true;
      chosen.querySelector("[data-unpick]").focus();
    } else {
      hidden.value = "";
      search.value = button.dataset.label;
      search.focus();
    }
  }

  function unpick(button) {
    const combo = button.closest("[data-combo]");
    combo.querySelector("input[type=hidden]").value = "";
    combo.querySelector("[data-chosen]").hidden = true;
    const search = combo.querySelector("input[type=search]");
    search.hidden = false;
    search.focus();
  }

  function chainAction(button) {
    const item = button.closest("li");
    const action = button.dataset.chain;
    if (action === "remove") {
      const next = item.nextElementSibling || item.previousElementSibling;
      item.remove();
      const focusTarget = next ? next.querySelector("[data-chain=remove]") : document.getElementById("id_chain_q");
      if (focusTarget) focusTarget.focus();
      return;
    }
    if (action === "up" && item.previousElementSibling) item.previousElementSibling.before(item);
    if (action === "down" && item.nextElementSibling) item.nextElementSibling.after(item);
    button.focus();
  }

  document.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    const suggestion = target.closest("button[data-pick]");
    if (suggestion) return pick(suggestion);
    const unpickButton = target.closest("[data-unpick]");
    if (unpickButton) return unpick(unpickButton);
    const chainButton = target.closest("button[data-chain]");
    if (chainButton) return chainAction(chainButton);
  });

  document.addEventListener("keydown", (event) => {
    const field = event.target instanceof Element ? event.target : null;
    if (!field || !field.closest("[data-combo]")) return;
    if (event.key === "Enter" && !event.ctrlKey && !event.metaKey && field.matches("input[type=search]")) {
      event.preventDefault();
      if (field.name === "chain_q" && field.value.trim()) {
        const combo = field.closest("[data-combo]");
        addChainStep(combo, `new:${field.value.trim()}`, field.value.trim());
        field.value = "";
        combo.querySelector(".suggestion-box").replaceChildren();
      }
    } else if (event.key === "ArrowDown" && field.matches("input[type=search]")) {
      const first = field.closest("[data-combo]").querySelector(".suggestion-box button");
      if (first) {
        event.preventDefault();
        first.focus();
      }
    } else if ((event.key === "ArrowDown" || event.key === "ArrowUp") && field.matches("button[data-pick]")) {
      event.preventDefault();
      const all = Array.from(field.closest(".suggestion-box").querySelectorAll("button[data-pick]"));
      const next = all[all.indexOf(field) + (event.key === "ArrowDown" ? 1 : -1)];
      (next || field.closest("[data-combo]").querySelector("input[type=search]")).focus();
    }
  });
})();
