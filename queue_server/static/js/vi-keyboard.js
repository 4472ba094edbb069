/* The on-screen keyboard of the touch screens, one widget for all: the kiosk's search, the kiosk's check-in
   code keys and the robot's question. Each page gives its rows of keys, its words for the wide keys and its
   styling (the key sizes differ per screen); typing is the same everywhere.

   ViKeyboard.attach(container, input, options) draws the rows into `container` (after any heading already in
   it) and types into `input` at its caret; each change fires the input's "input" event, as typing would.
   Keys: a letter or digit types itself; "backspace", "clear", "space", "enter" (calls onEnter); "tone:sac" ...
   "tone:nang" put that tone on the right vowel of the word before the caret, replacing a tone already there,
   with the shared Vietnamese.toneLastWord (/static/js/vietnamese.js): "hoa" + huyền → "hòa", "quy" + sắc → "quý",
   "người" is n g ư ơ i + huyền. Text stays in NFC.
   options: rows (arrays of keys, or the name of one of LAYOUTS), words(key) (the wide key's
   text in the page's current language, or [text, accessible name]), upperCase (letters shown in capitals),
   explainTones (each tone key's accessible name says what it does, in the language given to relabel, read
   with Messages.reader: the page loads messages.js first), onEnter. Returns { relabel(lang) }: call it when the page's language changes. */
"use strict";

const ViKeyboard = (() => {
  // Each tone key shows its mark on a vowel and its Vietnamese name, in every language
  const TONES = {
    sac: { sample: "á", name: "sắc" }, huyen: { sample: "à", name: "huyền" }, hoi: { sample: "ả", name: "hỏi" },
    nga: { sample: "ã", name: "ngã" }, nang: { sample: "ạ", name: "nặng" },
  };
  // What a tone key does, in the page's language (its accessible name, with explainTones; messages.js)
  const TONE_MARKS = {
    vi: { sac: "dấu sắc", huyen: "dấu huyền", hoi: "dấu hỏi", nga: "dấu ngã", nang: "dấu nặng" },
    en: { sac: "rising tone mark", huyen: "falling tone mark", hoi: "dipping tone mark", nga: "broken tone mark",
      nang: "heavy tone mark" },
  };
  const TONE_ROW = Object.keys(TONES).map((tone) => "tone:" + tone);
  const VIETNAMESE_ROW = ["ă", "â", "đ", "ê", "ô", "ơ", "ư"];
  const [Q, A, Z] = ["qwertyuiop", "asdfghjkl", "zxcvbnm"].map((row) => [...row]);
  const LAYOUTS = {
    // the kiosk's search: letters only (procedure names), space and clear on the last row
    search: [Q, A, [...Z, "backspace"], VIETNAMESE_ROW, TONE_ROW, ["space", "clear"]],
    // the robot's question: digits and punctuation too, and a key that sends
    question: [[..."1234567890"], Q, [...A, "backspace"], [...Z, ",", ".", "?"], VIETNAMESE_ROW, TONE_ROW,
      ["clear", "space", "enter"]],
  };
  const WIDE = ["backspace", "clear", "space", "enter"];

  function attach(container, input, { rows, words = (key) => key, upperCase = false, explainTones = false,
    onEnter = () => {} } = {}) {
    const changed = () => input.dispatchEvent(new Event("input", { bubbles: true }));
    const caret = () => {
      const start = input.selectionStart ?? input.value.length;
      return [start, input.selectionEnd ?? start];
    };
    const replace = (from, to, text) => {
      const value = input.value.slice(0, from) + text + input.value.slice(to);
      if (value.length > (input.maxLength > 0 ? input.maxLength : Infinity)) return;
      input.value = value;
      input.setSelectionRange(from + text.length, from + text.length);
      changed();
    };

    function press(key) {
      const [start, end] = caret();
      const before = input.value.slice(0, start);
      if (key === "enter") onEnter();
      else if (key === "clear") { input.value = ""; changed(); }
      else if (key === "backspace") {
        if (start !== end) replace(start, end, "");
        else if (start > 0) replace(start - Array.from(before).pop().length, start, "");
      } else if (key === "space") {
        if (before && !before.endsWith(" ")) replace(start, end, " ");  // no leading or double spaces
      } else if (key.startsWith("tone:")) {
        const toned = Vietnamese.toneLastWord(before, key.slice(5));
        if (toned !== before) replace(0, start, toned);
      } else replace(start, end, key);
    }

    function label(button, lang) {
      const key = button.dataset.key;
      const el = MotCua.element;
      if (key.startsWith("tone:")) {
        const tone = TONES[key.slice(5)];
        button.replaceChildren(el("span", { class: "key-sample" }, tone.sample), " ",
          el("span", { class: "key-tone-name", lang: "vi" }, tone.name));
        // The name starts with what the key shows ("á sắc"), then says what it does (axe: label-content-name-mismatch).
        if (explainTones) {
          const mark = Messages.reader(TONE_MARKS, lang)(key.slice(5));
          button.setAttribute("aria-label", `${tone.sample} ${tone.name}: ${mark}`);
        }
      } else if (WIDE.includes(key)) {
        const word = words(key);
        const [text, name] = Array.isArray(word) ? word : [word, null];
        button.textContent = text;
        if (name) button.setAttribute("aria-label", name);
        else button.removeAttribute("aria-label");
      } else {
        button.textContent = upperCase ? key.toUpperCase() : key;
      }
    }

    const keyButton = (key) => {
      const kind = key.startsWith("tone:") ? "key-tone" : WIDE.includes(key) ? `key-wide key-${key}` : "";
      const button = MotCua.element("button", { type: "button", class: `key ${kind}`.trim(), "data-key": key,
        onclick: () => press(key) });
      button.addEventListener("pointerdown", (event) => event.preventDefault());  // keep the input's caret
      return button;
    };
    for (const old of container.querySelectorAll(":scope > .key-row")) old.remove();
    container.append(...(LAYOUTS[rows] || rows).map((row) => MotCua.element("div", { class: "key-row" }, ...row.map(keyButton))));

    const relabel = (lang) => container.querySelectorAll(".key").forEach((button) => label(button, lang));
    relabel(document.documentElement.lang === "en" ? "en" : "vi");
    return { relabel };
  }

  return { attach, LAYOUTS };
})();

if (typeof window !== "undefined") window.ViKeyboard = ViKeyboard;
