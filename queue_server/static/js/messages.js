/* Texts in the reader's language, one way for every page. A page's words are a catalogue
   {vi: {key: text}, en: {key: text}} (a text that carries values is a function); the server's refusals come
   with both languages, `message` (Vietnamese) and `message_en` (English, queue_server/errors.py). No DOM. */
"use strict";

const Messages = {
  /* t(key): the catalogue's text in `lang` (a function of the language, read at each call, or a fixed one);
     a key not translated into English falls back to Vietnamese. */
  reader(catalogue, lang) {
    const current = typeof lang === "function" ? lang : () => lang;
    return (key) => {
      const words = catalogue[current()] || catalogue.vi;
      return key in words ? words[key] : catalogue.vi[key];
    };
  },

  /* A server error ({code, message, message_en}) in `lang`; "both" for a page that shows both languages.
     An English-only message (one for developers) is shown as it is. */
  error(error, lang) {
    if (!error) return "";
    const english = error.message_en;
    if (lang === "both") return english && english !== error.message ? `${error.message} / ${english}` : error.message;
    return (lang === "en" && english) || error.message;
  },
};

if (typeof window !== "undefined") window.Messages = Messages;
if (typeof module !== "undefined") module.exports = Messages;
