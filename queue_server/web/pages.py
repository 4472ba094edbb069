"""Registers every page blueprint (the security headers every response carries: web/request_hooks.py)."""

from flask import Flask, render_template

from queue_server.context import city_of, current_centre
from queue_server.services import display_watch


def register(app: Flask) -> None:
    from displays.announcements import bp as announcements_bp
    from displays.views import bp as displays_bp
    from kiosk.views import bp as kiosk_bp
    from queue_server.web import request_hooks
    from queue_server.web.admin import bp as admin_bp
    from queue_server.web.admin_appointments import bp as admin_appointments_bp
    from queue_server.web.booking import bp as booking_bp
    from queue_server.web.city import bp as city_bp
    from queue_server.web.nearby import bp as nearby_bp
    from queue_server.web.rating import bp as rating_bp
    from queue_server.web.reports import bp as reports_bp
    from queue_server.web.staff import bp as staff_bp
    from queue_server.web.tracking import bp as tracking_bp

    request_hooks.install(app)  # admin settings from the database, staff session checks, audit log
    for blueprint in (kiosk_bp, displays_bp, announcements_bp, staff_bp, tracking_bp, admin_bp, rating_bp,
                      reports_bp, booking_bp, admin_appointments_bp, nearby_bp, city_bp):
        app.register_blueprint(blueprint)
    for centre in city_of(app):
        display_watch.watch_unshown_counters(centre)  # warns of counters whose calls no display shows

    @app.get("/")
    def home():
        return render_template("home.html", centre=current_centre().config)
