"""Staff sign-in and the counter console page (its buttons call the REST API with the session's CSRF token)."""

import hmac
import secrets

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for

from queue_server.errors import ApiError
from queue_server.services import access

bp = Blueprint("staff", __name__)


def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(24)
    return session["csrf"]


@bp.get("/login")
def login_form():
    return render_template("staff/login.html", csrf=csrf_token(), error=None, next=request.args.get("next", ""))


@bp.post("/login")
def login():
    if not hmac.compare_digest(request.form.get("csrf", ""), session.get("csrf", "")):
        return render_template("staff/login.html", csrf=csrf_token(), next="",
                               error="Phiên làm việc đã hết hạn, xin đăng nhập lại / Session expired, please sign in again"), 400
    try:
        principal = access.log_in(current_app.extensions["motcua"], request.form.get("username", "").strip(),
                                  request.form.get("password", ""))
    except ApiError as exc:
        return render_template("staff/login.html", csrf=csrf_token(), error=exc.message,
                               next=request.form.get("next", "")), exc.status
    session.clear()  # a fresh session on sign-in, so an old cookie cannot be fixed on a staff member
    session.permanent = True
    session.update(user=principal.name, role=principal.role, csrf=secrets.token_urlsafe(24))
    target = request.form.get("next", "")
    return redirect(target if target.startswith("/") and not target.startswith("//") else url_for("staff.counter"))


@bp.post("/logout")
def logout():
    session.clear()
    return redirect(url_for("staff.login_form"))


@bp.get("/counter")
def counter():
    if not session.get("user"):
        return redirect(url_for("staff.login_form", next=request.full_path.rstrip("?")))
    centre = current_app.extensions["motcua"]
    response = current_app.make_response(render_template(
        "staff/counter.html", centre=centre.config, csrf=csrf_token(), user=session["user"],
        counters=[{"number": c.number, "name": c.name} for c in centre.config.counters]))
    response.headers["Cache-Control"] = "no-store"  # staff pages are never cached
    return response
