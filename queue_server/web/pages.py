"""Registers every page blueprint and the security headers all pages share."""

from flask import Flask, render_template


def register(app: Flask) -> None:
    from displays.views import bp as displays_bp
    from kiosk.views import bp as kiosk_bp
    from queue_server.web import request_hooks
    from queue_server.web.admin import bp as admin_bp
    from queue_server.web.rating import bp as rating_bp
    from queue_server.web.reports import bp as reports_bp
    from queue_server.web.staff import bp as staff_bp
    from queue_server.web.tracking import bp as tracking_bp

    request_hooks.install(app)  # admin settings from the database, staff session checks, audit log
    for blueprint in (kiosk_bp, displays_bp, staff_bp, tracking_bp, admin_bp, rating_bp, reports_bp):
        app.register_blueprint(blueprint)

    @app.get("/")
    def home():
        return render_template("home.html", centre=app.extensions["motcua"].config)

    @app.after_request
    def security_headers(response):
        # No inline scripts anywhere: page data travels in <script type="application/json"> blocks.
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "media-src 'self' blob: data:; connect-src 'self' ws: wss:; frame-ancestors 'none'")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response
