/* Vietnamese text in the browser, one copy for every screen: folding for search (typed with or without
   diacritics) and the tone placement of the on-screen keyboards (the kiosk's and the robot's), so both put a
   tone on the same vowel. No DOM here: tested alone in node and in Chromium.

   The robot's reader folds text the same way in Python (assistant/actions/text.py, Python 3.10, a separate
   program); tests/queue_server/test_vietnamese_js.py checks the two agree. */
"use strict";

const Vietnamese = (() => {
  const TONE_MARKS = { sac: "\u0301", huyen: "\u0300", hoi: "\u0309", nga: "\u0303", nang: "\u0323" };
  const TONE_RE = /[\u0300\u0301\u0303\u0309\u0323]/g;
  const VOWELS = "aăâeêioôơuưy";
  const MODIFIED = "ăâêôơư";  // vowels with a hat or horn take the tone first

  /* "Đăng ký Khai sinh!" → "dang ky khai sinh": lower case, no diacritics (đ → d), punctuation to spaces. */
  function normalise(text) {
    return String(text || "").replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();
  }

  /* Lower case and punctuation folded, diacritics kept ("Sổ đỏ?" → "sổ đỏ"): to prefer exact Vietnamese. */
  function fold(text) {
    return String(text || "").normalize("NFC").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }

  function hasDiacritics(text) {
    return normalise(text) !== fold(text);
  }

  /* "hòa" → "hoa": the tone marks only (hats, horns and đ stay). */
  function stripTone(text) {
    return String(text).normalize("NFD").replace(TONE_RE, "").normalize("NFC");
  }

  /* The word with `tone` (sac|huyen|hoi|nga|nang) on its main vowel, replacing the tone it had; the same tone
     again takes it off. Traditional placement: a vowel with a hat or horn first ("người", "việc"), the last
     vowel before a final consonant ("hoàng", "toán"), else the first of two ("hòa", "mùa") or the middle of
     three ("ngoài", "khuỷu"); the u of "qu" and the i of "gi" belong to the consonant ("quý", "giá").
     null when the word has no vowel or the tone is unknown. */
  function toneWord(word, tone) {
    const mark = TONE_MARKS[tone];
    if (!mark) return null;
    const letters = Array.from(String(word).normalize("NFC")).map((c) => {
      const decomposed = c.normalize("NFD");
      return { base: decomposed.replace(TONE_RE, "").normalize("NFC"), tone: (decomposed.match(TONE_RE) || [""])[0] };
    });
    const lower = letters.map((l) => l.base.toLowerCase());
    let end = -1;
    for (let i = lower.length - 1; i >= 0; i--) if (VOWELS.includes(lower[i])) { end = i; break; }
    if (end < 0) return null;
    let start = end;
    while (start > 0 && VOWELS.includes(lower[start - 1])) start--;
    if (start > 0 && end > start && ((lower[start - 1] === "q" && lower[start] === "u")
        || (lower[start - 1] === "g" && lower[start] === "i"))) start++;
    let target = -1;
    for (let i = start; i <= end; i++) if (MODIFIED.includes(lower[i])) target = i;
    if (target >= 0 && lower.slice(start, end + 1).includes("ơ")) target = lower.indexOf("ơ", start);  // "ươ": on ơ
    else if (target < 0) {
      const size = end - start + 1;
      if (size === 1) target = start;
      else if (end < lower.length - 1) target = end;  // a final consonant: "hoàng", "thuận"
      else if (size === 3) target = start + 1;  // "ngoài", "khuỷu"
      else target = start;  // "hòa", "múa", "tài"
    }
    const off = letters[target].tone === mark;
    return letters.map((l, i) => (i === target && !off ? (l.base.normalize("NFD") + mark).normalize("NFC") : l.base)).join("");
  }

  /* toneWord on the word `text` ends with (its last letters: what an on-screen keyboard's tone key acts on,
     given the text before the caret); the text unchanged when it ends with no word, or one without a vowel. */
  function toneLastWord(text, tone) {
    const [, before, word] = String(text).normalize("NFC").match(/^(.*?)([\p{L}\p{M}]*)$/su);
    const toned = word ? toneWord(word, tone) : null;
    return toned === null ? text : before + toned;
  }

  return { normalise, fold, hasDiacritics, stripTone, toneWord, toneLastWord, TONES: Object.keys(TONE_MARKS) };
})();

if (typeof window !== "undefined") window.Vietnamese = Vietnamese;
if (typeof module !== "undefined") module.exports = Vietnamese;
