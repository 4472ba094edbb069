/* Check-in of an appointment at the kiosk: "Tôi có lịch hẹn" opens a dialog where the visitor types the
   booking code on the on-screen keys, or a barcode scanner types it (or the QR's link) like a keyboard and
   presses Enter: from any screen, the scan alone opens the dialog and checks in. The ticket is printed by
   the server as usual (POST /appointments/<code>/check-in). Words follow the page's language (kiosk.js sets
   <html lang>); kept apart from kiosk.js, which only hosts the button. */
"use strict";

const KioskCheckIn = (() => {
  const KEYS = ["ACDEFHJKL", "MNPQRTUVW", "XY34679"];
  const SCAN_GAP_MS = 60;  // a scanner types a key every few ms; a person far slower
  const CLOSE_AFTER_S = 30;
  const TEXT = {
    vi: { open: "Tôi có lịch hẹn", title: "Nhận số theo lịch hẹn",
      label: "Quét mã QR của lịch hẹn vào máy quét, hoặc gõ mã lịch hẹn (6 ký tự)", keys: "Phím gõ mã",
      submit: "Nhận số", close: "Đóng", clear: "Xóa hết", backspace: "⌫ Xóa", working: "Đang nhận số…",
      short: "Mã lịch hẹn có 6 ký tự. Xin kiểm tra lại.", your_number: "Số thứ tự của anh/chị", done: "Xong",
      offline: "Chưa nhận được số. Xin thử lại hoặc hỏi cán bộ hướng dẫn.", no_token: "Kiosk chưa được cài đặt." },
    en: { open: "I have an appointment", title: "Check in for your appointment",
      label: "Scan your appointment's QR code at the scanner, or type the booking code (6 characters)",
      keys: "Code keys", submit: "Get my ticket", close: "Close", clear: "Clear", backspace: "⌫ Delete",
      working: "Checking in…", short: "A booking code has 6 characters. Please check it.",
      your_number: "Your number", done: "Done",
      offline: "Could not check in. Please try again or ask a member of staff.", no_token: "This kiosk is not set up." },
  };
  const $ = (id) => document.getElementById(id);
  const lang = () => (document.documentElement.lang === "en" ? "en" : "vi");
  const t = Messages.reader(TEXT, lang);
  let closeTimer = null, busy = false;

  /* What was typed or scanned → the path segment to send: the link's token for a scanned link, else the code. */
  function codeOf(text) {
    const value = (text || "").trim();
    const link = value.match(/\/lich-hen\/([\w-]+)/);
    return link ? link[1] : value.replace(/[\s-]/g, "").toUpperCase();
  }

  function applyLanguage() {
    for (const node of document.querySelectorAll("[data-checkin-i18n]")) node.textContent = t(node.dataset.checkinI18n);
    $("checkin-keys").setAttribute("aria-label", t("keys"));
    renderKeys();
  }

  function renderKeys() {  // the shared on-screen keyboard (/static/js/vi-keyboard.js) with the code's letters
    ViKeyboard.attach($("checkin-keys"), $("checkin-code"), { rows: [...KEYS.map((row) => [...row]), ["backspace", "clear"]],
      words: t });
  }

  function open() {
    clearTimeout(closeTimer);
    $("checkin-form").hidden = false;
    $("checkin-result").hidden = true;
    $("checkin-status").textContent = "";
    if (!$("checkin-dialog").open) $("checkin-dialog").showModal();
    closeTimer = setTimeout(close, 3 * CLOSE_AFTER_S * 1000);
  }

  function close() {
    clearTimeout(closeTimer);
    $("checkin-code").value = "";
    if ($("checkin-dialog").open) $("checkin-dialog").close();
  }

  async function submit(text) {
    const token = localStorage.getItem("motcua.kiosk_token");
    const code = codeOf(text);
    if (busy) return;
    if (!token) { $("checkin-status").textContent = t("no_token"); return; }
    if (code.length < 6) { $("checkin-status").textContent = t("short"); return; }
    busy = true;
    $("checkin-status").textContent = t("working");
    const result = await MotCua.api(`/appointments/${encodeURIComponent(code)}/check-in`,
                                    { method: "POST", body: {}, token, timeoutMs: 15000 });
    busy = false;
    if (!result.ok) {
      const error = result.data && result.data.error;
      $("checkin-status").textContent = error && error.code !== "offline"
        ? Messages.error(error, lang()) : t("offline");
      return;
    }
    const { ticket, message } = result.data;
    $("checkin-number").textContent = ticket.number;
    $("checkin-message").textContent = message[lang()];
    $("checkin-form").hidden = true;
    $("checkin-result").hidden = false;
    $("checkin-code").value = "";
    $("checkin-done").focus();
    clearTimeout(closeTimer);
    closeTimer = setTimeout(close, CLOSE_AFTER_S * 1000);
  }

  /* A scanner: printable keys a few ms apart, then Enter. Caught on the whole page (the visitor need not
     open the dialog first); what it typed into a focused field elsewhere is taken out again. */
  function watchScanner() {
    let buffer = "", last = 0;
    document.addEventListener("keydown", (event) => {
      const now = performance.now();
      const fast = now - last < SCAN_GAP_MS;
      last = now;
      if (event.target === $("checkin-code")) {
        if (event.key === "Enter") { event.preventDefault(); submit($("checkin-code").value); }
        return;
      }
      if (event.key === "Enter" && buffer.length >= 6) {
        const scanned = buffer;
        buffer = "";
        event.preventDefault();
        const field = event.target;
        if (field && "value" in field && field.value.endsWith(scanned)) {
          field.value = field.value.slice(0, -scanned.length);
          field.dispatchEvent(new Event("input", { bubbles: true }));
        }
        open();
        submit(scanned);
        return;
      }
      if (event.key.length !== 1) { buffer = ""; return; }
      buffer = fast ? buffer + event.key : event.key;
    }, true);
  }

  function init() {
    if (!$("checkin-dialog")) return;
    $("checkin-open").addEventListener("click", open);
    $("checkin-submit").addEventListener("click", () => submit($("checkin-code").value));
    $("checkin-close").addEventListener("click", close);
    $("checkin-code").addEventListener("input", () => { $("checkin-status").textContent = ""; });  // typing again
    $("checkin-done").addEventListener("click", close);
    new MutationObserver(applyLanguage).observe(document.documentElement, { attributes: true, attributeFilter: ["lang"] });
    applyLanguage();
    watchScanner();
  }

  return { init, codeOf };
})();

if (typeof window !== "undefined") {
  window.KioskCheckIn = KioskCheckIn;
  document.addEventListener("DOMContentLoaded", KioskCheckIn.init);
}
