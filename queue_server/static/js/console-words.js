/* The counter console's words and feedback: ticket statuses as sentences (never raw codes), the server's
   refusals in the console's language, which actions apply to the desk right now, and the feedback lines
   shown next to the action that caused them (coloured, announced by screen readers). No queue logic. */
"use strict";

const ConsoleWords = {
  /* t(key): a text of console-text.js in `lang`; refusal(code): a refusal said the console's way (an ended
     session also starts the way back to sign in). */
  create(lang, { onSessionEnded = () => {} } = {}) {
    const t = Messages.reader(ConsoleText, lang);  // console-text.js
    const refusal = (code) => {
      if (code === "unauthorized") onSessionEnded();  // the session ended: sign in again
      return t("refusals")[code];
    };
    return {
      t, refusal,
      status: (ticket) => t("status")[ticket.status] || ticket.status,
      outcome: (ticket) => `${ticket.number}: ${t("outcome")[ticket.status] || t("outcome_other")}`,
      errorText(result) {
        const error = result.data && result.data.error;
        if (!error) return t("error_status")(result.status);
        if (t("refusals")[error.code]) return refusal(error.code);
        return Messages.error(error, lang);
      },
    };
  },

  /* The actions that can apply now, from the counter (open or not), the ticket at the desk and the held list.
     The server decides in the end; this only greys out buttons that would surely be refused. */
  available(row, current, heldCount) {
    const open = Boolean(row && row.open);
    const status = current ? current.status : null;
    return {
      "call-next": open, recall: status === "called", start: status === "called",
      done: status === "called" || status === "serving", "no-show": status === "called", transfer: Boolean(current),
      hold: status === "called" || status === "serving", resume: open && !current && heldCount > 0,
      pause: open, open: Boolean(row) && !open, close: Boolean(row) && (open || row.closed_reason === "break"),
    };
  },

  /* A feedback line beside an action: kind "ok" or "error" (colour and a sign from console.css, not colour
     alone). The line stays in the page, empty when quiet, so screen readers hear each new text (aria-live). */
  show(element, text, kind = "ok") {
    element.textContent = text || "";
    element.classList.toggle("error", Boolean(text) && kind === "error");
    element.classList.toggle("ok", Boolean(text) && kind !== "error");
    // A shortcut key works from anywhere on the page: bring its answer into sight if it was scrolled away.
    if (text) element.scrollIntoView({ block: "nearest" });
  },
};

if (typeof window !== "undefined") window.ConsoleWords = ConsoleWords;
