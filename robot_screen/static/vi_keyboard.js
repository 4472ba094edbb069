/* A small Vietnamese on-screen keyboard for touch screens (the robot's; written to be shareable).

   ViKeyboard.attach(container, input, {onEnter, labels}) builds the keys into `container` and types into
   `input` at its caret. Letters, digits, the Vietnamese letters ă â đ ê ô ơ ư as keys of their own, and
   the five tone keys (sắc, huyền, hỏi, ngã, nặng) which put the tone on the right vowel of the word before
   the caret (replacing a tone already there): "hoa" + huyền → "hòa", "quy" + sắc → "quý",
   "nguoi"... "người" is typed n g ư ơ i + huyền. Text stays in NFC.
   The tone placement is the shared Vietnamese.toneWord (/static/js/vietnamese.js), as on the kiosk.
*/
"use strict";

const ViKeyboard = (() => {
  const LETTER = /[\p{L}\p{M}]/u;

  const ROWS = [
    ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0"],
    ["q", "w", "e", "r", "t", "y", "u", "i", "o", "p"],
    ["a", "s", "d", "f", "g", "h", "j", "k", "l", "backspace"],
    ["z", "x", "c", "v", "b", "n", "m", ",", ".", "?"],
    ["ă", "â", "đ", "ê", "ô", "ơ", "ư"],
    ["tone:sac", "tone:huyen", "tone:hoi", "tone:nga", "tone:nang"],
    ["clear", "space", "enter"],
  ];
  const TONE_KEYS = {
    sac: { sample: "á", vi: "sắc", en: "rising" },
    huyen: { sample: "à", vi: "huyền", en: "falling" },
    hoi: { sample: "ả", vi: "hỏi", en: "dipping" },
    nga: { sample: "ã", vi: "ngã", en: "broken" },
    nang: { sample: "ạ", vi: "nặng", en: "heavy" },
  };
  const LABELS = {
    vi: { backspace: "Xóa lùi", clear: "Xóa hết", space: "Dấu cách", enter: "Gửi", tone: "Dấu" },
    en: { backspace: "Backspace", clear: "Clear", space: "Space", enter: "Send", tone: "Tone" },
  };

  function attach(container, input, { onEnter = () => {}, lang = "vi" } = {}) {
    let current = lang;

    function caret() {
      const start = input.selectionStart ?? input.value.length;
      const end = input.selectionEnd ?? start;
      return [start, end];
    }

    function insert(text) {
      const [start, end] = caret();
      const value = input.value.slice(0, start) + text + input.value.slice(end);
      if (value.length > (input.maxLength > 0 ? input.maxLength : Infinity)) return;
      input.value = value;
      input.setSelectionRange(start + text.length, start + text.length);
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }

    function backspace() {
      const [start, end] = caret();
      if (start === end && start === 0) return;
      const from = start === end ? start - 1 : start;
      input.value = input.value.slice(0, from) + input.value.slice(end);
      input.setSelectionRange(from, from);
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }

    function tone(name) {
      const [position] = caret();
      let from = position;
      while (from > 0 && LETTER.test(input.value[from - 1])) from -= 1;
      const word = input.value.slice(from, position);
      const toned = word && Vietnamese.toneWord(word, name);
      if (!toned) return;
      input.value = input.value.slice(0, from) + toned + input.value.slice(position);
      const after = from + toned.length;
      input.setSelectionRange(after, after);
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }

    function keyButton(key) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "key";
      button.dataset.key = key;
      if (key.startsWith("tone:")) {
        button.classList.add("key-tone");
      } else if (key.length > 1) {
        button.classList.add("key-" + key);
      }
      button.addEventListener("pointerdown", (event) => event.preventDefault()); // keep the input's caret
      button.addEventListener("click", () => {
        if (key === "backspace") backspace();
        else if (key === "clear") { input.value = ""; input.dispatchEvent(new Event("input", { bubbles: true })); }
        else if (key === "space") insert(" ");
        else if (key === "enter") onEnter();
        else if (key.startsWith("tone:")) tone(key.slice(5));
        else insert(key);
      });
      return button;
    }

    function label(button) {
      const key = button.dataset.key;
      const words = LABELS[current] || LABELS.vi;
      if (key.startsWith("tone:")) {
        const info = TONE_KEYS[key.slice(5)];
        button.textContent = "";
        const sample = document.createElement("span");
        sample.className = "key-sample";
        sample.textContent = info.sample;
        button.append(sample, " " + info.vi);
        // The name starts with what the key shows ("á sắc"), then says what it does (axe: label-content-name-mismatch).
        button.setAttribute("aria-label", `${info.sample} ${info.vi}: ` + (current === "en" ? `${info.en} tone mark` : `dấu ${info.vi}`));
      } else if (words[key]) {
        button.textContent = key === "backspace" ? "⌫" : words[key];
        button.setAttribute("aria-label", words[key]);
      } else {
        button.textContent = key;
        button.removeAttribute("aria-label");
      }
    }

    container.textContent = "";
    for (const row of ROWS) {
      const line = document.createElement("div");
      line.className = "key-row";
      for (const key of row) line.append(keyButton(key));
      container.append(line);
    }
    const relabel = (lang) => {
      current = lang;
      container.querySelectorAll(".key").forEach(label);
    };
    relabel(current);
    return { setLanguage: relabel, insert, backspace, tone };
  }

  return { attach };
})();
