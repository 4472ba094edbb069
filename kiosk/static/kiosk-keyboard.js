/* The kiosk's on-screen Vietnamese keyboard: letters, ă â đ ê ô ơ ư, the five tone keys (applied to the last
   word's right vowel by Vietnamese.toneLastWord), space, delete and clear. */
"use strict";

const KioskKeyboard = (() => {
  const KEY_ROWS = [["q", "w", "e", "r", "t", "y", "u", "i", "o", "p"], ["a", "s", "d", "f", "g", "h", "j", "k", "l"],
    ["z", "x", "c", "v", "b", "n", "m", "backspace"], ["ă", "â", "đ", "ê", "ô", "ơ", "ư"],
    ["tone:sac", "tone:huyen", "tone:hoi", "tone:nga", "tone:nang"], ["space", "clear"]];
  const TONE_KEYS = { sac: ["á", "sắc"], huyen: ["à", "huyền"], hoi: ["ả", "hỏi"], nga: ["ã", "ngã"], nang: ["ạ", "nặng"] };

  /* Draws the keys into `container` (keeping its first child, the visually hidden heading); every press
     edits `input` and calls onChange(). text(key) gives the words of the wide keys. */
  function render(container, input, { text, onChange }) {
    const press = (key) => {
      if (key === "backspace") input.value = Array.from(input.value).slice(0, -1).join("");
      else if (key === "clear") input.value = "";
      else if (key === "space") { if (input.value && !input.value.endsWith(" ")) input.value += " "; }
      else if (key.startsWith("tone:")) input.value = Vietnamese.toneLastWord(input.value, key.slice(5));
      else input.value += key;
      onChange();
    };
    const el = MotCua.element;
    const rows = KEY_ROWS.map((row) => el("div", { class: "key-row" }, ...row.map((key) => {
      let label, attrs = { type: "button", class: "key", onclick: () => press(key) };
      if (key.startsWith("tone:")) {
        const [sample, toneName] = TONE_KEYS[key.slice(5)];
        attrs.class = "key tone";
        label = [el("span", { class: "tone-sample" }, sample), " ", el("span", { class: "tone-name", lang: "vi" }, toneName)];
      } else if (["backspace", "clear", "space"].includes(key)) {
        attrs.class = `key wide ${key}`;
        label = [text("key_" + key)];
      } else {
        label = [key.toUpperCase()];
      }
      return el("button", attrs, ...label);
    })));
    container.replaceChildren(container.firstElementChild, ...rows);
  }

  return { render };
})();

if (typeof window !== "undefined") window.KioskKeyboard = KioskKeyboard;
