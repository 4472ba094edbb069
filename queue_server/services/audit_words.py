"""What each audited action is called on the audit page, in Vietnamese and English (never its code)."""

ACTION_WORDS = {
    "admin_appointments.capacity": ("Đổi số lịch hẹn mỗi khung giờ", "Changed the bookings per slot"),
    "admin_appointments.closed_day": ("Đổi ngày không nhận lịch hẹn", "Changed the days closed to bookings"),
    "api.check_in_appointment": ("Xác nhận lịch hẹn, cấp số", "Checked in an appointment"),
    "admin.close_counter": ("Đóng quầy", "Closed a counter"),
    "admin.create_counter": ("Thêm quầy", "Added a counter"),
    "admin.create_field": ("Thêm lĩnh vực", "Added a field"),
    "admin.create_procedure": ("Thêm thủ tục", "Added a procedure"),
    "admin.create_staff": ("Thêm tài khoản cán bộ", "Added a staff account"),
    "admin.delete_counter": ("Xóa quầy", "Removed a counter"),
    "admin.open_counter": ("Mở quầy", "Opened a counter"),
    "admin.register_device": ("Đăng ký thiết bị", "Registered a device"),
    "admin.renew_token": ("Cấp lại mã thiết bị", "Renewed a device token"),
    "admin.reset_password": ("Đặt lại mật khẩu", "Reset a password"),
    "admin.revoke_device": ("Thu hồi mã thiết bị", "Revoked a device"),
    "admin.set_caps": ("Đổi giới hạn số trong ngày", "Changed the daily caps"),
    "admin.set_hours": ("Đổi giờ làm việc", "Changed the opening hours"),
    "admin.set_notice": ("Đổi dòng thông báo", "Changed the notice"),
    "admin.set_priority": ("Đổi quy tắc ưu tiên", "Changed the priority rules"),
    "admin.update_counter": ("Sửa quầy", "Edited a counter"),
    "admin.update_display": ("Sửa màn hình", "Edited a display"),
    "admin.update_field": ("Sửa lĩnh vực", "Edited a field"),
    "admin.update_procedure": ("Sửa thủ tục", "Edited a procedure"),
    "admin.update_staff": ("Sửa tài khoản cán bộ", "Edited a staff account"),
    "api.ack_job": ("Máy in báo kết quả in phiếu", "Printer reported a print job"),
    "api.acknowledge_help_request": ("Nhận hỗ trợ công dân", "Went to help a visitor"),
    "api.call_next": ("Gọi số tiếp", "Called the next number"),
    "api.call_number": ("Gọi một số", "Called a number"),
    "api.cancel": ("Hủy phiếu", "Cancelled a ticket"),
    "api.claim_counter": ("Nhận quầy", "Took a counter"),
    "api.close_counter": ("Đóng quầy / tạm nghỉ", "Closed a counter / took a break"),
    "api.done": ("Phục vụ xong", "Finished serving"),
    "api.dossier_code": ("Ghi mã hồ sơ", "Noted a dossier code"),
    "api.hold": ("Tạm giữ số", "Put a ticket on hold"),
    "api.issue": ("Cấp số thứ tự", "Issued a ticket"),
    "api.no_show": ("Báo vắng mặt", "Marked a no-show"),
    "api.open_counter": ("Mở quầy", "Opened a counter"),
    "api.rate_at_counter": ("Đánh giá tại quầy", "Rated at the counter"),
    "api.rate_from_phone": ("Đánh giá trên điện thoại", "Rated from a phone"),
    "api.recall": ("Gọi lại", "Recalled a number"),
    "api.release_counter": ("Rời quầy", "Left a counter"),
    "api.report_status": ("Máy in đổi trạng thái", "Printer status changed"),
    "api.reprint": ("In lại phiếu", "Reprinted a ticket"),
    "api.resume": ("Tiếp tục phục vụ", "Resumed serving"),
    "api.start": ("Bắt đầu phục vụ", "Started serving"),
    "api.transfer": ("Chuyển số", "Transferred a ticket"),
    "help_request.raised": ("Công dân cần hỗ trợ", "A visitor asked for staff"),
    "staff.login": ("Đăng nhập", "Signed in"),
    "staff.login_refused": ("Đăng nhập bị từ chối", "Sign-in refused"),
    "staff.logout": ("Đăng xuất", "Signed out"),
}


def action_words(action: str) -> str:
    """"Gọi số tiếp / Called the next number"; an action unknown here (a newer route) in plain words."""
    vi, en = ACTION_WORDS.get(action, (None, None))
    if vi:
        return f"{vi} / {en}"
    return action.rsplit(".", 1)[-1].replace("_", " ").capitalize()


def entry_view(row, zone) -> dict:
    """An audit row as the page shows it: the centre's wall-clock time ("10:42:03 05/12/2026") and words."""
    return {"at": row.at.astimezone(zone).strftime("%H:%M:%S %d/%m/%Y"), "actor": row.actor, "role": row.role,
            "action": row.action, "words": action_words(row.action), "target": row.target, "status": row.status,
            "detail": row.detail, "address": row.address}
