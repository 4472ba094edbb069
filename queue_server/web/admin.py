"""/admin: the centre's administration pages. Plain HTML forms (no script needed), each POST checked for the
role, the session's CSRF token, then handed to services/administration.py (devices and displays:
services/device_admin.py); the result or the refusal is shown on the page it came from (post/redirect/get).

Roles: managers run counters, staff and what the displays show, and read the audit log; admins also edit
the catalogue, the centre's rules (priority, hours, caps) and the devices, and export the configuration. Reports are at
/admin/reports (web/reports.py).
"""

from __future__ import annotations

from functools import wraps

from flask import (Blueprint, Response, current_app, flash, g, redirect, render_template, request, session,
                   url_for)
from queue_server.api.auth import csrf_token, require, session_principal
from queue_server.api.requests import int_arg
from queue_server.centre_config import WEEKDAYS
from queue_server.context import current_centre as centre
from queue_server.errors import ApiError, Unprocessable
from queue_server.services import (administration, admin_views, audit, audit_words, centre_settings, counter_work,
                                   device_admin)
from queue_server.services.access import Principal
from queue_server.services.queue_state import local_iso
from queue_server.web.admin_forms import checked, form_int, form_ints

bp = Blueprint("admin", __name__, url_prefix="/admin")

DAY_NAMES = {"mon": "Thứ Hai / Monday", "tue": "Thứ Ba / Tuesday", "wed": "Thứ Tư / Wednesday",
             "thu": "Thứ Năm / Thursday", "fri": "Thứ Sáu / Friday", "sat": "Thứ Bảy / Saturday",
             "sun": "Chủ nhật / Sunday"}


def me() -> Principal:
    return session_principal()


def page(*roles: str):
    """A page for signed-in staff with one of these roles (api/auth.require: admin always, POSTs with the CSRF
    token); a change the services refuse is flashed on the page the form came from and not audited."""

    def decorate(view):
        @wraps(view)
        def flashing(*args, **kwargs):
            if request.method == "GET":
                return view(*args, **kwargs)
            try:
                return view(*args, **kwargs)
            except ApiError as exc:
                g.action_refused = exc.code
                flash(exc.both, "error")  # the administration shows both languages
                return redirect(request.form.get("back") or request.referrer or url_for("admin.home"), 303)

        return require(*roles, page=True)(flashing)

    return decorate


def render(template: str, **context):
    response = current_app.make_response(render_template(
        template, centre=centre().config, csrf=csrf_token(), user=session["user"], role=session["role"],
        **context))
    response.headers["Cache-Control"] = "no-store"
    return response


def done(message: str, endpoint: str, **values):
    flash(message, "ok")
    return redirect(url_for(endpoint, **values), 303)


# --- home ------------------------------------------------------------------------------------------------

@bp.get("")
@page("manager")
def home():
    return render("admin/home.html")


# --- counters --------------------------------------------------------------------------------------------

@bp.get("/counters")
@page("manager")
def counters():
    return render("admin/counters.html", **admin_views.counters(centre()))


def _save_counter(create: bool, number: int | None = None):
    number = form_int("number", what="Số quầy / Counter number") if create else number
    administration.save_counter(centre(), session["user"], number, request.form.get("name", ""),
                                request.form.get("location", ""), request.form.getlist("fields"), create=create,
                                english={k: request.form.get(k, "") for k in ("name_en", "location_en")})
    return done(f"Đã lưu quầy {number} / Counter {number} saved", "admin.counters")


@bp.post("/counters")
@page("manager")
def create_counter():
    return _save_counter(create=True)


@bp.post("/counters/<int:number>")
@page("manager")
def update_counter(number: int):
    return _save_counter(create=False, number=number)


@bp.post("/counters/<int:number>/delete")
@page("manager")
def delete_counter(number: int):
    administration.delete_counter(centre(), session["user"], number)
    return done(f"Đã xóa quầy {number} / Counter {number} deleted", "admin.counters")


@bp.post("/counters/<int:number>/open")
@page("manager")
def open_counter(number: int):
    counter_work.set_counter_open(centre(), number, True, session["user"])
    return done(f"Quầy {number} đã mở / Counter {number} is open", "admin.counters")


@bp.post("/counters/<int:number>/close")
@page("manager")
def close_counter(number: int):
    counter_work.set_counter_open(centre(), number, False, session["user"], "closed")
    return done(f"Quầy {number} đã đóng / Counter {number} is closed", "admin.counters")


# --- staff -----------------------------------------------------------------------------------------------

@bp.get("/staff")
@page("manager")
def staff():
    return render("admin/staff.html", people=administration.staff_list(centre()),
                  counter_numbers=admin_views.counter_numbers(centre()))


@bp.post("/staff")
@page("manager")
def create_staff():
    username = request.form.get("username", "")
    administration.create_staff(centre(), me(), username, request.form.get("display_name", ""),
                                request.form.get("role", "staff"), request.form.get("password", ""),
                                form_ints("counters"))
    return done(f"Đã tạo tài khoản {username} / Account {username} created", "admin.staff")


@bp.post("/staff/<username>")
@page("manager")
def update_staff(username: str):
    administration.update_staff(centre(), me(), username, request.form.get("display_name", ""),
                                request.form.get("role", "staff"), checked("active"), form_ints("counters"))
    return done(f"Đã lưu tài khoản {username} / Account {username} saved", "admin.staff")


@bp.post("/staff/<username>/password")
@page("manager")
def reset_password(username: str):
    administration.reset_password(centre(), me(), username, request.form.get("password", ""))
    return done(f"Đã đặt lại mật khẩu cho {username} / Password of {username} reset", "admin.staff")


# --- catalogue -------------------------------------------------------------------------------------------

@bp.get("/catalogue")
@page()
def catalogue():
    return render("admin/catalogue.html", fields=admin_views.catalogue(centre()))


def _save_field(create: bool, field_id: str):
    administration.save_field(centre(), session["user"], field_id, request.form.get("prefix"),
                              request.form.get("name_vi", ""), request.form.get("name_en", ""),
                              checked("enabled"), create=create)
    return done(f"Đã lưu lĩnh vực {field_id} / Field {field_id} saved", "admin.catalogue")


@bp.post("/fields")
@page()
def create_field():
    return _save_field(True, request.form.get("id", "").strip())


@bp.post("/fields/<field_id>")
@page()
def update_field(field_id: str):
    return _save_field(False, field_id)


@bp.get("/procedures/<procedure_id>")
@page()
def procedure(procedure_id: str):
    found, fields = admin_views.procedure(centre(), procedure_id)
    if procedure_id != "new" and found is None:
        return render("admin/message.html", message=f"No procedure {procedure_id!r}"), 404
    found = found if procedure_id != "new" else None
    return render("admin/procedure.html", procedure=found, fields=fields,
                  field_id=found.field_id if found else request.args.get("field", ""))


def _save_procedure(create: bool, procedure_id: str):
    administration.save_procedure(
        centre(), session["user"], procedure_id, create, field_id=request.form.get("field_id", ""),
        name_vi=request.form.get("name_vi", ""), name_en=request.form.get("name_en", ""),
        code=request.form.get("code"), documents=request.form.get("documents", "").splitlines(),
        fee_text=request.form.get("fee_text", ""), fee_amount_vnd=form_int("fee_amount_vnd", False, "Lệ phí / Fee"),
        processing_text=request.form.get("processing_text", ""),
        processing_working_days=form_int("processing_working_days", False, "Số ngày / Working days"),
        enabled=checked("enabled"), english=administration.english_texts(request.form),
        synonyms=request.form.get("synonyms", "").splitlines())
    return done(f"Đã lưu thủ tục “{request.form.get('name_vi', '')}” / Procedure “{request.form.get('name_en', '')}” saved",
                "admin.catalogue")


@bp.post("/procedures")
@page()
def create_procedure():
    return _save_procedure(True, request.form.get("id", "").strip())


@bp.post("/procedures/<procedure_id>")
@page()
def update_procedure(procedure_id: str):
    return _save_procedure(False, procedure_id)


# --- the centre's rules: priority, opening hours, daily caps -----------------------------------------------

@bp.get("/rules")
@page()
def rules():
    config = centre().config
    hours, fields = admin_views.opening_hours(centre()), admin_views.numbered_fields(centre())
    day_texts = {day: ", ".join(hours.get("periods", {}).get(day, [])) for day in WEEKDAYS}
    return render("admin/rules.html", policy=config.priority_policy, categories=config.priority_categories,
                  always=hours.get("always", True), day_texts=day_texts, day_names=DAY_NAMES, fields=fields,
                  daily_cap=config.daily_cap, field_caps=config.field_caps, max_cap=10 ** config.digits - 1)


@bp.post("/rules/priority")
@page()
def set_priority():
    administration.set_priority_policy(centre(), session["user"], request.form.get("mode", ""),
                                       form_int("every_n_normal", what="N"), request.form.getlist("strict_override"))
    return done("Đã lưu chính sách ưu tiên / Priority policy saved", "admin.rules")


@bp.post("/rules/hours")
@page()
def set_hours():
    administration.set_opening_hours(centre(), session["user"], checked("always"),
                                     {day: request.form.get(day, "") for day in WEEKDAYS})
    return done("Đã lưu giờ làm việc / Opening hours saved", "admin.rules")


@bp.post("/rules/caps")
@page()
def set_caps():
    field_ids = [f.id for f in admin_views.numbered_fields(centre())]
    caps = {fid: form_int(f"cap_{fid}", False, fid) for fid in field_ids}
    administration.set_caps(centre(), session["user"], form_int("daily_cap", what="Daily cap"),
                            {fid: cap for fid, cap in caps.items() if cap is not None})
    return done("Đã lưu giới hạn số / Daily caps saved", "admin.rules")


# --- devices ---------------------------------------------------------------------------------------------

@bp.get("/devices")
@page()
def devices():
    rows = device_admin.devices_view(centre())
    for row in rows:
        row["last_seen"] = local_iso(centre(), row["last_seen"])
        row["status_at"] = local_iso(centre(), row["status_at"])
    return render("admin/devices.html", devices=rows, new_token=session.pop("new_token", None))


@bp.post("/devices")
@page()
def register_device():
    device_id = request.form.get("id", "").strip()
    token = device_admin.register_device(centre(), session["user"], device_id, request.form.get("kind", ""),
                                           request.form.get("name", ""), request.form.get("print_via") or None,
                                           form_ints("counters") or None)
    session["new_token"] = device_admin.token_notice(centre(), device_id, token)
    return done(f"Đã đăng ký thiết bị {device_id} / Device {device_id} registered", "admin.devices")


@bp.post("/devices/<device_id>/token")
@page()
def renew_token(device_id: str):
    session["new_token"] = device_admin.token_notice(centre(), device_id,
                                                     device_admin.new_device_token(centre(), device_id))
    return done(f"Mã cũ của {device_id} đã bị thu hồi / Old token of {device_id} revoked", "admin.devices")


@bp.post("/devices/<device_id>/revoke")
@page()
def revoke_device(device_id: str):
    count = device_admin.revoke_device(centre(), device_id)
    return done(f"Đã thu hồi {count} mã của {device_id} / Revoked {count} token(s) of {device_id}", "admin.devices")


# --- displays: notice line, shown fields, sound (pushed live to the open displays) -------------------------

@bp.get("/displays")
@page("manager")
def displays():
    return render("admin/displays.html", fields=admin_views.numbered_fields(centre()),
                  **device_admin.displays_view(centre()))


@bp.post("/displays/notice")
@page("manager")
def set_notice():
    if "notice" not in request.form:  # an empty box clears the notice; a form without the box changes nothing
        raise Unprocessable("The form has no notice box", code="missing_field")
    device_admin.set_centre_notice(centre(), session["user"], request.form["notice"])
    return done("Đã lưu dòng thông báo chung / Centre notice saved", "admin.displays")


@bp.post("/displays/<display_id>")
@page("manager")
def update_display(display_id: str):
    device_admin.set_display(centre(), session["user"], display_id, request.form.get("notice_mode") == "own",
                               request.form.get("notice", ""), request.form.getlist("fields") or None, checked("sound"))
    return done(f"Đã lưu màn hình {display_id} / Display {display_id} saved", "admin.displays")


# --- audit log and export --------------------------------------------------------------------------------

@bp.get("/audit")
@page("manager")
def audit_log():
    offset = int_arg("offset", 0)
    rows, total = audit.entries(centre(), limit=100, offset=offset, actor=request.args.get("actor") or None)
    entries = [audit_words.entry_view(r, centre().config.timezone) for r in rows]  # local time, words
    return render("admin/audit.html", entries=entries, total=total, offset=offset, actor=request.args.get("actor", ""))


@bp.get("/export.yaml")
@page()
def export():
    """The database written back as a centre.yaml (catalogue inline) that sets up the same centre."""
    return Response(centre_settings.export_yaml(centre()), mimetype="application/yaml",
                    headers={"Content-Disposition": "attachment; filename=centre-export.yaml",
                             "Cache-Control": "no-store"})
