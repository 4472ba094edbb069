/* Admin pages: a search box (input[data-filter="group"]) shows only the items of that group
   ([data-filter-item="group"]) whose data-filter-text has a word starting with each word typed, with or
   without diacritics. */
"use strict";

(() => {
  const plain = (text) => String(text || "").replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "").toLowerCase();
  for (const input of document.querySelectorAll("input[data-filter]")) {
    const items = [...document.querySelectorAll(`[data-filter-item="${input.dataset.filter}"]`)];
    const status = document.getElementById(input.getAttribute("aria-describedby"));
    input.addEventListener("input", () => {
      const words = plain(input.value).split(/[^a-z0-9]+/).filter(Boolean);
      let shown = 0;
      for (const item of items) {
        const text = " " + plain(item.dataset.filterText).replace(/[^a-z0-9]+/g, " ");
        item.hidden = !words.every((w) => text.includes(" " + w));
        if (!item.hidden && item.tagName !== "TR") shown += 1;
      }
      if (status) status.textContent = words.length ? `${shown} / ${items.filter((i) => i.tagName !== "TR").length}` : "";
    });
  }
})();
