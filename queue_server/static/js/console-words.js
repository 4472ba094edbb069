/* The counter console's words and feedback: ticket statuses as sentences (never raw codes), the server's
   refusals in the console's language, which actions apply to the desk right now, and the feedback lines
   shown next to the action that caused them (coloured, announced by screen readers). No queue logic. */
"use strict";

const ConsoleWords = {
  create(lang, { onSessionEnded = () => {} } = {}) {
    const L = (vi, en) => (lang === "en" ? en : vi);
    // What the desk shows as the ticket's status.
    const STATUS = { called: L("Đã gọi", "Called"), serving: L("Đang phục vụ", "Serving"), held: L("Tạm giữ", "On hold") };
    // What a finished action did to a ticket, as a sentence after its number.
    const OUTCOME = {
      issued: L("đang chờ", "waiting"), transferred: L("đã chuyển, đang chờ", "transferred, waiting"),
      called: L("đã gọi", "called"), serving: L("đang phục vụ", "being served"),
      done: L("đã phục vụ xong", "served, finished"), no_show: L("vắng mặt khi gọi", "did not come when called"),
      cancelled: L("đã hủy", "cancelled"), held: L("đang tạm giữ", "on hold"),
    };
    const REFUSALS = {
      counter_closed: () => L("Quầy đang đóng hoặc tạm nghỉ; hãy mở quầy trước", "The counter is closed; open it first"),
      no_current_ticket: () => L("Không có số nào tại quầy", "No ticket at the desk"),
      no_held_ticket: () => L("Không có số nào đang tạm giữ", "No ticket on hold"),
      counter_busy: () => L("Quầy đang phục vụ một số khác; xong hoặc tạm giữ số đó trước",
        "Another visitor is at the desk; finish or hold them first"),
      unknown_ticket: () => L("Không tìm thấy số này hôm nay", "No such ticket today"),
      invalid_number: () => L("Số phải có dạng A-025", "A number looks like A-025"),
      transition_refused: () => L("Không làm được việc này với số hiện tại", "Not possible for this ticket now"),
      field_not_served: () => L("Quầy đó không phục vụ lĩnh vực này", "That counter does not serve this field"),
      other_counter: () => L("Số này đang ở quầy khác", "This ticket is at another counter"),
      busy: () => L("Hàng đợi đang thay đổi nhanh; hãy bấm lại", "The queue is changing fast; press again"),
      invalid_dossier_code: () => L("Mã hồ sơ có từ 1 đến 64 ký tự", "A dossier code has 1 to 64 characters"),
      csrf_failed: () => L("Trang đã cũ; hãy tải lại trang", "This page is out of date; reload it"),
      offline: () => L("Mất kết nối máy chủ", "Cannot reach the server"),
      unauthorized: () => {  // the session ended: sign in again
        onSessionEnded();
        return L("Phiên đăng nhập đã hết; đang chuyển đến trang đăng nhập…", "Your session has ended; taking you to sign in…");
      },
    };
    return {
      L, STATUS, REFUSALS,
      outcome: (ticket) => `${ticket.number}: ${OUTCOME[ticket.status] || L("đã cập nhật", "updated")}`,
      errorText(result) {
        const error = result.data && result.data.error;
        if (!error) return L("Lỗi ", "Error ") + result.status;
        if (REFUSALS[error.code]) return REFUSALS[error.code]();
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
