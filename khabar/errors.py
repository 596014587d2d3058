"""Coded errors: every user-facing failure carries a stable code (``[K012] …``) tests can pin."""

from __future__ import annotations

ERRORS: dict[str, str] = {
    "K001": "input file not found",
    "K002": "input path is a directory",
    "K003": "input is binary or not decodable text",
    "K004": "input text is empty",
    "K005": "malformed JSONL line",
    "K006": "bad reference date",
    "K007": "schema mismatch in khabar JSON",
    "K008": "span offsets do not match text",
    "K009": "unknown pipeline stage",
    "K010": "stage requirement not met",
    "K011": "model file missing or unreadable",
    "K012": "bad user resource file",
    "K013": "article too large",
    "K014": "analysis time limit exceeded",
    "K015": "database error",
    "K016": "unsupported input format",
    "K017": "bad query",
    "K018": "gold annotation error",
}


class KhabarError(Exception):
    """An error with a stable code; ``str(err)`` is the one-line message shown to users."""

    def __init__(self, code: str, message: str) -> None:
        if code not in ERRORS:
            raise ValueError(f"unknown error code {code}")
        self.code = code
        self.message = message
        super().__init__(f"[{code}] {message}")
