"""A tiny stand-in for the queue server's HTTP API (only what the robot's actions use), built from the
project's catalogue file. Records the tickets it issues so tests can check them."""

from __future__ import annotations

import math
import re
import threading
from pathlib import Path

import yaml
from flask import Flask, jsonify, request
from werkzeug.serving import make_server

from queue_server import local_facts

TOKEN = "test-assistant-token"
COUNTERS = [
    {"number": 1, "name": "Quầy 1 – Hộ tịch", "location": "Tầng 1, bên trái", "field_ids": ["ho_tich"], "open": True},
    {"number": 3, "name": "Quầy 3 – Chứng thực", "location": "Tầng 1, giữa sảnh", "field_ids": ["chung_thuc"], "open": True},
    {"number": 5, "name": "Quầy 5 – Đất đai, Xây dựng", "location": "Tầng 1, bên phải",
     "field_ids": ["dat_dai", "xay_dung"], "open": True},
    {"number": 7, "name": "Quầy 7 – Các lĩnh vực khác", "location": "Tầng 2",
     "field_ids": ["ho_kinh_doanh", "bao_tro_xa_hoi", "nguoi_co_cong", "giao_duc", "van_hoa_xa_hoi"], "open": True},
]
PRIORITY = [{"id": "elderly_60", "name": {"vi": "Người cao tuổi (từ 60 tuổi)", "en": "Elderly (60 and over)"}},
            {"id": "disabled", "name": {"vi": "Người khuyết tật", "en": "Person with a disability"}},
            {"id": "pregnant", "name": {"vi": "Phụ nữ mang thai", "en": "Pregnant woman"}}]
# Booking codes of issue 18's check-in (POST /api/v1/appointments/<code>/check-in): code → (procedure, outcome).
APPOINTMENTS = {"K7M3QX": ("khai_sinh", "on_time"), "EARLY7": ("ket_hon", "too_early"), "USED44": ("khai_sinh", "used")}
# GET /api/v1/centres (issue 17): the fake is one centre; a test may put a city in app.config["CENTRES"].
# `fields`: the fields it issues tickets for (None: all); `eta`: minutes for a newcomer by field ("*": the rest).
SINGLE_CENTRE = [{"id": "thu-nghiem", "name": "Trung tâm thử nghiệm", "name_en": "Test centre", "address": "1 Test",
                  "lat": 21.0340, "lon": 105.8400, "open_now": True, "fields": None, "eta": {"*": 5}, "waiting": 2}]
HOURS = {d: [["07:00", "11:30"], ["13:30", "17:00"]] for d in ("mon", "tue", "wed", "thu", "fri")} | {"sat": [], "sun": []}


def with_centre_facts(data: dict, path: Path) -> dict:
    """The catalogue's texts as the queue server serves them: the facts of the centre.yaml beside it put in
    where they are named ({police}: queue_server/local_facts.py)."""
    beside = path.parent / "centre.yaml"
    facts = (yaml.safe_load(beside.read_text(encoding="utf-8")) or {}).get("local") if beside.exists() else None

    def refuse(key, problem):
        raise ValueError(f"{path}: {key}: {problem}")
    return local_facts.filled(data, local_facts.read(facts, refuse), "", refuse, beside.name)


def catalogue_view(path: Path) -> dict:
    data = with_centre_facts(yaml.safe_load(path.read_text(encoding="utf-8")), path)
    fields, procedures = [], []
    for f in data["fields"]:
        fields.append({"id": f["id"], "prefix": f.get("ticket_prefix"), "name": {"vi": f["vi"], "en": f["en"]}})
        for p in f["procedures"]:
            procedures.append({"id": p["id"], "field_id": f["id"], "name": {"vi": p["vi"], "en": p["en"]},
                               "documents": p.get("documents") or [], "fee": p.get("fee") or {},
                               "processing_time": p.get("processing_time") or {}, "synonyms": p.get("synonyms") or [],
                               "redirect": p.get("redirect")})
    centre = {"name": "Trung tâm thử nghiệm", "address": "1 Test", "timezone": "Asia/Ho_Chi_Minh",
              "opening_hours": HOURS, "open_now": True, "next_opening": None}
    return {"centre": centre, "fields": fields, "procedures": procedures, "counters": COUNTERS,
            "priority_categories": PRIORITY}


def create_fake_app(catalogue_path: Path) -> Flask:
    app = Flask(__name__)
    app.json.ensure_ascii = False
    view = catalogue_view(catalogue_path)
    app.config["ISSUED"] = issued = []
    procedures = {p["id"]: p for p in view["procedures"]}
    prefixes = {f["id"]: f["prefix"] for f in view["fields"]}

    def error(status, code, message):
        return jsonify({"error": {"code": code, "message": message}}), status

    app.config["CENTRES"] = SINGLE_CENTRE

    @app.get("/api/v1/centres")
    def centres():
        pid, lat, lon = request.args.get("procedure_id"), request.args.get("lat"), request.args.get("lon")
        if pid and pid not in procedures:
            return error(404, "unknown_procedure", f"There is no procedure called “{pid}”.")
        if (lat is None) != (lon is None):
            return error(422, "position_incomplete", "Both lat and lon are needed")
        field = procedures[pid]["field_id"] if pid else None
        listed = []
        for c in app.config["CENTRES"]:
            if field and c["fields"] is not None and field not in c["fields"]:
                continue
            etas = [c["eta"].get(f, c["eta"].get("*")) for f in (c["fields"] or prefixes)]
            eta = c["eta"].get(field, c["eta"].get("*")) if field else max((e for e in etas if e is not None), default=None)
            entry = {k: c[k] for k in ("id", "name", "name_en", "address", "lat", "lon", "open_now", "waiting")}
            entry.update(eta_minutes=eta, url=f"/c/{c['id']}/")
            if lat is not None:
                entry["distance_km"] = round(distance_km(float(lat), float(lon), c["lat"], c["lon"]), 2)
            listed.append(entry)
        if lat is not None:
            listed.sort(key=lambda e: e["distance_km"])
        return jsonify({"city": {"name": "Thành phố thử nghiệm", "name_en": "Test city"}, "centres": listed})

    @app.get("/api/v1/catalogue")
    def catalogue():
        return jsonify(view)

    @app.get("/api/v1/queue")
    def queue():
        fields = [{"id": f["id"], "prefix": f["prefix"], "waiting": sum(t["field_id"] == f["id"] for t in issued),
                   "eta_minutes": 5} for f in view["fields"]]
        return jsonify({"fields": fields, "counters": [{"number": c["number"], "name": c["name"], "open": True,
                                                         "serving": None} for c in COUNTERS], "last_calls": []})

    @app.get("/api/v1/tickets/lookup")
    def lookup():
        number = request.args.get("number", "")
        ticket = next((t for t in issued if t["number"] == number), None)
        if ticket is None:
            return error(404, "not_found", f"Không có số {number} hôm nay / No ticket {number} today")
        return jsonify({"number": number, "status": "waiting", "people_ahead": ticket["people_ahead"],
                        "eta_minutes": ticket["eta_minutes"], "counters": ticket["counters"], "called_counter": None})

    @app.post("/api/v1/tickets")
    def issue():
        if request.headers.get("Authorization") != f"Bearer {TOKEN}":
            return error(401, "invalid_token", "Unknown or revoked token")
        body = request.get_json(silent=True) or {}
        proc = procedures.get(body.get("procedure_id"))
        if proc is None:
            return error(404, "not_found", "No such procedure")
        if proc["redirect"]:
            return error(409, "redirect", f"Go to {proc['redirect']}")
        if body.get("priority") not in (None, *[p["id"] for p in PRIORITY]):
            return error(422, "invalid_priority", "Unknown priority category")
        prefix = "U" if body.get("priority") else prefixes[proc["field_id"]]
        same = [t for t in issued if t["number"].startswith(prefix)]
        counters = [{k: c[k] for k in ("number", "name", "location")} for c in COUNTERS if proc["field_id"] in c["field_ids"]]
        ticket = {"id": len(issued) + 1, "number": f"{prefix}-{len(same) + 1:03d}", "status": "waiting",
                  "field_id": proc["field_id"], "procedure_id": proc["id"], "priority": body.get("priority"),
                  "counters": counters, "people_ahead": len(same), "eta_minutes": 5 * len(same),
                  "issued_at": "2026-11-23T09:00:00+07:00", "track_url": "http://127.0.0.1/t/x"}
        issued.append(ticket)
        return jsonify({"ticket": ticket}), 201

    @app.post("/api/v1/appointments/<code>/check-in")
    def check_in(code):
        if request.headers.get("Authorization") != f"Bearer {TOKEN}":
            return error(401, "invalid_token", "Unknown or revoked token")
        found = APPOINTMENTS.get(code.replace("-", "").upper())
        if found is None:
            return error(404, "not_found", "Không tìm thấy mã lịch hẹn này. / This booking code was not found.")
        pid, outcome = found
        if outcome == "too_early":
            body = {"code": "too_early", "message": "Lịch hẹn của anh/chị lúc 10:00. Xin quay lại nhận số từ 09:15.",
                    "message_en": "Your appointment is at 10:00. Please check in from 09:15.", "from_time": "09:15"}
            return jsonify({"error": body}), 422
        if outcome == "used":
            return jsonify({"error": {"code": "already_checked_in", "message": "Lịch hẹn này đã nhận số H-001.",
                                      "message_en": "This appointment already has ticket H-001.", "number": "H-001"}}), 409
        proc = procedures[pid]
        counters = [{k: c[k] for k in ("number", "name", "location")} for c in COUNTERS if proc["field_id"] in c["field_ids"]]
        ticket = {"id": len(issued) + 1, "number": f"H-{len(issued) + 1:03d}", "status": "waiting", "field_id": proc["field_id"],
                  "procedure_id": pid, "priority": "appointment", "counters": counters, "people_ahead": 0,
                  "eta_minutes": 0, "track_url": "http://127.0.0.1/t/h"}
        issued.append(ticket)
        return jsonify({"ticket": ticket, "outcome": "on_time",
                        "appointment": {"code": code.upper(), "time": "10:00", "outcome": "on_time"},
                        "message": {"vi": "Anh/chị có lịch hẹn lúc 10:00; số của anh/chị sẽ được gọi từ giờ hẹn.",
                                    "en": "Your appointment is at 10:00; your number will be called from that time."}}), 201

    app.wsgi_app = _centre_paths(app.wsgi_app)
    return app


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine, as the queue server's centre directory."""
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def _centre_paths(wsgi_app):
    """/c/<id>/api/v1/... is /api/v1/... (a city's robot asks its own centre's path); the ids asked are kept."""
    def middleware(environ, start_response):
        match = re.match(r"^/c/([a-z0-9-]+)(/.*)$", environ.get("PATH_INFO") or "")
        if match:
            ASKED_CENTRES.append(match.group(1))
            environ["PATH_INFO"] = match.group(2)
        return wsgi_app(environ, start_response)
    return middleware


ASKED_CENTRES: list[str] = []


class FakeQueueServer:
    """Serves the fake app on a loopback port from a thread."""

    def __init__(self, catalogue_path: Path):
        self.app = create_fake_app(catalogue_path)
        self.server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def issued(self) -> list[dict]:
        return self.app.config["ISSUED"]

    def start(self) -> FakeQueueServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)
