"""The queue server's HTTP API, as far as the print agent needs it."""

import logging

import requests

log = logging.getLogger(__name__)


class ServerError(Exception):
    """The queue server could not be reached or refused the request."""


class QueueServerClient:
    def __init__(self, server: str, token: str, timeout: float = 5.0):
        self.server = server.rstrip("/")
        self.timeout = timeout
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"Bearer {token}"

    def close(self) -> None:
        self.http.close()

    def _call(self, method: str, path: str, **kwargs) -> dict:
        url = f"{self.server}/api/v1{path}"
        try:
            response = self.http.request(method, url, timeout=self.timeout, **kwargs)
        except requests.RequestException as exc:
            raise ServerError(f"{method} {path}: server unreachable ({exc.__class__.__name__}: {exc})") from exc
        if response.status_code == 401:
            raise ServerError(f"{method} {path}: 401, the kiosk token was refused")
        if not response.ok:
            raise ServerError(f"{method} {path}: HTTP {response.status_code} {response.text[:200]}")
        try:
            return response.json()
        except ValueError:
            raise ServerError(f"{method} {path}: reply is not JSON") from None

    def device(self) -> dict:
        return self._call("GET", "/devices/me")

    def pending_jobs(self) -> list[dict]:
        return self._call("GET", "/print-jobs", params={"status": "pending"}).get("jobs", [])

    def ack_printed(self, job_id) -> dict:
        return self._call("POST", f"/print-jobs/{job_id}/ack", json={"status": "printed"})

    def ack_failed(self, job_id, error: str) -> dict:
        return self._call("POST", f"/print-jobs/{job_id}/ack", json={"status": "failed", "error": error})

    def report_status(self, printer_status: str, detail: str = "") -> None:
        self._call("POST", "/devices/me/status", json={"printer_status": printer_status, "detail": detail})
