/* Every text the counter console writes itself, Vietnamese and English (read with Messages.reader in the
   console's language; the page's fixed words are in staff/counter.html). Functions where a text carries a
   value. No DOM here. */
"use strict";

const ConsoleText = {
  vi: {
    // The ticket at the desk, and what a finished action did to a ticket (a sentence after its number).
    status: { called: "Đã gọi", serving: "Đang phục vụ", held: "Tạm giữ" },
    outcome: {
      issued: "đang chờ", transferred: "đã chuyển, đang chờ", called: "đã gọi", serving: "đang phục vụ",
      done: "đã phục vụ xong", no_show: "vắng mặt khi gọi", cancelled: "đã hủy", held: "đang tạm giữ",
    },
    outcome_other: "đã cập nhật",
    // The server's refusals, said the console's way (others come with the server's own message).
    refusals: {
      counter_closed: "Quầy đang đóng hoặc tạm nghỉ; hãy mở quầy trước",
      no_current_ticket: "Không có số nào tại quầy", no_held_ticket: "Không có số nào đang tạm giữ",
      counter_busy: "Quầy đang phục vụ một số khác; xong hoặc tạm giữ số đó trước",
      unknown_ticket: "Không tìm thấy số này hôm nay", invalid_number: "Số phải có dạng A-025",
      transition_refused: "Không làm được việc này với số hiện tại",
      field_not_served: "Quầy đó không phục vụ lĩnh vực này", other_counter: "Số này đang ở quầy khác",
      busy: "Hàng đợi đang thay đổi nhanh; hãy bấm lại", invalid_dossier_code: "Mã hồ sơ có từ 1 đến 64 ký tự",
      csrf_failed: "Trang đã cũ; hãy tải lại trang", offline: "Mất kết nối máy chủ",
      unauthorized: "Phiên đăng nhập đã hết; đang chuyển đến trang đăng nhập…",
    },
    error_status: (status) => `Lỗi ${status}`,
    // The desk, the waiting list and the counter bar.
    printer: { paper_near_end: "Sắp hết giấy", paper_out: "Hết giấy", offline: "Mất kết nối", unknown: "Không rõ" },
    printers_fine: "Bình thường",
    appointment: "Lịch hẹn", minutes: (n) => `${n} phút`,
    waiting_appointment: " ★ lịch hẹn", waiting_priority: (name) => ` ★ ưu tiên: ${name}`,
    no_counter: "Chưa nhận quầy", on_break: "Tạm nghỉ", closed: "Đóng", open: "Đang mở",
    open_unstaffed: "Mở, chưa ghi nhận có người tại quầy",
    selected_held_by: (holder) => `Quầy đang do ${holder} phụ trách`,
    counter_held_by: (number, holder) => `Quầy ${number} đang do ${holder} phụ trách`,
    resume: (number) => `Tiếp tục ${number}`,
    same_field: "— giữ lĩnh vực —", any_counter: "— bất kỳ quầy nào —", closed_suffix: " (đóng)",
    // Feedback beside the action that caused it.
    handed_over: (from, number, why) => `Quầy ${from} chuyển số ${number} sang quầy này${why}`,
    taken_over: (counter) => `Quầy ${counter} đã được người khác tiếp quản`,
    took_over: (counter, from) => `Đã tiếp quản quầy ${counter} từ ${from}`,
    you_hold: (counter) => `Bạn đang phụ trách quầy ${counter}`,
    take_counter_first: "Hãy nhận quầy trước", nobody_waiting: "Không còn ai chờ",
    choose_field_or_counter: "Chọn lĩnh vực hoặc quầy", transferred: (number) => `Đã chuyển ${number}`,
    reprinting: (number) => `Đang in lại ${number}`,
    no_dossier_ticket: "Không có số nào để ghi mã hồ sơ",
    dossier_saved: (code, number) => `Đã lưu mã hồ sơ ${code} cho số ${number}`,
    // Visitors asking for a person (console-help.js).
    help_languages: { en: "nói tiếng Anh" },
    help_ticket: (number) => `số ${number}`, help_at_counter: (counter) => ` (quầy ${counter})`,
    help_needed: " — một công dân cần hỗ trợ, ", help_asked: " — hỏi: “", help_go: "Tôi đến ngay",
    help_coming: (who, where) => ` — ${who}${where} đang đến`,
    help_taken: (device) => `Bạn đã nhận hỗ trợ công dân tại ${device}`,
    // Today's appointments (console-appointments.js).
    booking_late: " — đến muộn, xếp như khách thường", bookings_none_in: "Chưa có ai",
    bookings_none_next: "Không còn lịch hẹn",
  },
  en: {
    status: { called: "Called", serving: "Serving", held: "On hold" },
    outcome: {
      issued: "waiting", transferred: "transferred, waiting", called: "called", serving: "being served",
      done: "served, finished", no_show: "did not come when called", cancelled: "cancelled", held: "on hold",
    },
    outcome_other: "updated",
    refusals: {
      counter_closed: "The counter is closed; open it first",
      no_current_ticket: "No ticket at the desk", no_held_ticket: "No ticket on hold",
      counter_busy: "Another visitor is at the desk; finish or hold them first",
      unknown_ticket: "No such ticket today", invalid_number: "A number looks like A-025",
      transition_refused: "Not possible for this ticket now",
      field_not_served: "That counter does not serve this field", other_counter: "This ticket is at another counter",
      busy: "The queue is changing fast; press again", invalid_dossier_code: "A dossier code has 1 to 64 characters",
      csrf_failed: "This page is out of date; reload it", offline: "Cannot reach the server",
      unauthorized: "Your session has ended; taking you to sign in…",
    },
    error_status: (status) => `Error ${status}`,
    printer: { paper_near_end: "Paper low", paper_out: "Paper out", offline: "Offline", unknown: "Unknown" },
    printers_fine: "All fine",
    appointment: "Appointment", minutes: (n) => `${n} min`,
    waiting_appointment: " ★ appointment", waiting_priority: (name) => ` ★ priority: ${name}`,
    no_counter: "No counter taken", on_break: "On break", closed: "Closed", open: "Open",
    open_unstaffed: "Open, not staffed",
    selected_held_by: (holder) => `Held by ${holder}`,
    counter_held_by: (number, holder) => `Counter ${number} is held by ${holder}`,
    resume: (number) => `Resume ${number}`,
    same_field: "— same field —", any_counter: "— any counter —", closed_suffix: " (closed)",
    handed_over: (from, number, why) => `Counter ${from} sent ${number} to this counter${why}`,
    taken_over: (counter) => `Counter ${counter} was taken over by someone else`,
    took_over: (counter, from) => `Took over counter ${counter} from ${from}`,
    you_hold: (counter) => `You now hold counter ${counter}`,
    take_counter_first: "Take a counter first", nobody_waiting: "Nobody is waiting",
    choose_field_or_counter: "Choose a field or a counter", transferred: (number) => `Transferred ${number}`,
    reprinting: (number) => `Reprinting ${number}`,
    no_dossier_ticket: "No ticket to note a dossier code for",
    dossier_saved: (code, number) => `Dossier code ${code} saved for ${number}`,
    help_languages: { en: "speaks English" },
    help_ticket: (number) => `ticket ${number}`, help_at_counter: (counter) => ` (counter ${counter})`,
    help_needed: " — a visitor needs help, ", help_asked: " — asked: “", help_go: "I'm on my way",
    help_coming: (who, where) => ` — ${who}${where} is on the way`,
    help_taken: (device) => `You are going to ${device}`,
    booking_late: " — late, queued as a walk-in", bookings_none_in: "Nobody yet",
    bookings_none_next: "No more appointments",
  },
};

if (typeof window !== "undefined") window.ConsoleText = ConsoleText;
if (typeof module !== "undefined") module.exports = ConsoleText;
