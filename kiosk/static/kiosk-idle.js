/* Kiosk idle: a screen before issuing, left untouched, first asks "are you still there?" (a dialog with a
   countdown), then returns to the start for the next visitor, so nobody meets the last one's half-finished
   (perhaps English) screen. Settings (docs/kiosk.md): idle_seconds (the reset; 0: never) and
   idle_question_seconds (how long the question shows before it; 0: reset without asking). */
"use strict";

const KioskIdle = {
  /* settings() → {idle_seconds, idle_question_seconds}; atRest() → true when nothing is left to reset (the
     start screen as the next visitor should find it, or the confirmation, which has its own countdown);
     text(key) → words in the visitor's language; reset() goes back to the start. */
  watch({ settings, atRest, text, reset }) {
    const dialog = document.getElementById("idle-dialog");
    let lastActivity = Date.now();
    const touched = (event) => {
      lastActivity = Date.now();
      // A touch anywhere else answers "still here"; inside the dialog its two buttons answer.
      if (dialog.open && !(event && dialog.contains(event.target))) dialog.close();
    };
    for (const kind of ["pointerdown", "keydown", "input"]) {
      document.addEventListener(kind, touched, { capture: true, passive: true });
    }
    document.getElementById("idle-continue").addEventListener("click", () => dialog.close());
    document.getElementById("idle-reset").addEventListener("click", () => { dialog.close(); reset(); });

    const render = (left) => {
      document.getElementById("idle-title").textContent = text("idle_question");
      document.getElementById("idle-countdown").textContent = text("idle_countdown")(left);
      document.getElementById("idle-continue").textContent = text("idle_continue");
      document.getElementById("idle-reset").textContent = text("idle_reset");
    };

    setInterval(() => {
      const { idle_seconds: idle, idle_question_seconds: question = 0 } = settings();
      if (!idle || atRest()) { if (dialog.open) dialog.close(); lastActivity = Date.now(); return; }
      const idleFor = (Date.now() - lastActivity) / 1000;
      const left = Math.ceil(idle - idleFor);
      if (left <= 0) { if (dialog.open) dialog.close(); lastActivity = Date.now(); reset(); return; }
      if (question > 0 && left <= question) {
        render(left);
        if (!dialog.open) dialog.showModal();
      }
    }, 1000);
  },
};

if (typeof window !== "undefined") window.KioskIdle = KioskIdle;
