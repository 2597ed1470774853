"""Hostile content (raw HTML, event handlers, javascript: links, </script> in fields) renders
as harmless text on every page."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from builder.output.build import build, write_outputs
from conftest import company_md, posting_md

ATTACK = '<script>alert("x")</script><img src=x onerror=alert(1)></script><a href="javascript:alert(2)">'
BODY = f"""# {ATTACK}

<div onmouseover="alert(3)">raw html</div>

[click](javascript:alert(4)) [data](data:text/html;base64,PHNjcmlwdD5hbGVydCg1KTwvc2NyaXB0Pg==)
[ok](https://safe.example/)

<script>alert(6)</script>
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    board = tmp_path_factory.mktemp("hostile")
    files = {
        "site.yml": "title: Board\nbase_url: https://example.org/board/\n",
        "content/companies/acme.md": company_md(BODY, name=f"Acme {ATTACK}"),
        "content/jobs/evil.md": posting_md(
            BODY, title=f"Engineer {ATTACK}", skills=[ATTACK, "C++"], tags=[ATTACK],
            salary=[{"level": ATTACK, "min": 1, "max": 2, "currency": "USD", "period": "HOUR"}],
            salary_text=ATTACK, benefits=ATTACK),
    }
    for rel, text in files.items():
        (board / rel).parent.mkdir(parents=True, exist_ok=True)
        (board / rel).write_text(text, encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", "1795348800")
        _, outputs = build(board)
    write_outputs(outputs, board / "www" / "board")
    return board / "www"


class Audit(HTMLParser):
    """Collects every script element and every attribute that could run code."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict[str, str | None]] = []
        self.handlers: list[str] = []
        self.js_urls: list[str] = []
        self.text: list[str] = []
        self._in_script: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.handlers += [f"{tag} {name}" for name in attributes if name.startswith("on")]
        for name in ("href", "src", "action", "formaction", "xlink:href"):
            value = "".join((attributes.get(name) or "").split()).lower()
            if value.startswith(("javascript:", "data:text", "vbscript:")):
                self.js_urls.append(f"{tag} {name}={value}")
        if tag == "script":
            self._in_script = {**attributes, "content": ""}
            self.scripts.append(self._in_script)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = None

    def handle_data(self, data: str) -> None:
        if self._in_script is not None:
            self._in_script["content"] = (self._in_script["content"] or "") + data
        else:
            self.text.append(data)


def _pages(www: Path) -> list[Path]:
    return sorted(www.rglob("*.html"))


def test_no_page_has_injected_scripts_handlers_or_javascript_urls(site: Path) -> None:
    pages = _pages(site)
    assert len(pages) >= 8
    for path in pages:
        audit = Audit()
        audit.feed(path.read_text(encoding="utf-8"))
        assert audit.handlers == [], path
        assert audit.js_urls == [], path
        for script in audit.scripts:
            if script.get("type") == "application/ld+json":
                data = json.loads(script["content"] or "")
                # nothing a browser would end the block at, or change its state at (HTML's script data)
                assert "</" not in script["content"] and "<!" not in script["content"], path
                assert data["@context"] == "https://schema.org"
            elif script.get("type") == "application/json":  # the scripts' words: data, never run
                assert script.get("id") == "ui-strings" and isinstance(json.loads(script["content"] or ""), dict)
                assert "</" not in script["content"] and "<!" not in script["content"], path
            else:
                assert script.get("src") and script["content"] == "", (path, script)


def test_the_attack_is_shown_as_text(site: Path) -> None:
    audit = Audit()
    audit.feed((site / "board/jobs/evil/index.html").read_text(encoding="utf-8"))
    text = "".join(audit.text)
    assert f"Engineer {ATTACK}" in text  # the title, in the heading
    assert '<div onmouseover="alert(3)">raw html</div>' in text  # raw HTML in the body stays text
    assert "[click](javascript:alert(4))" in text  # the unsafe link is not a link


def test_the_attack_does_not_run_in_a_browser(site: Path, serve_dir, page) -> None:  # noqa: ANN001
    url = serve_dir(site)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in _pages(site):
        page.goto(f"{url}/{path.relative_to(site).as_posix()}")
        page.evaluate("() => document.querySelectorAll('a').forEach(a => a.href.startsWith('javascript:') && a.click())")
    assert dialogs == []
