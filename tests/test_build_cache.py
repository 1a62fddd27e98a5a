"""The template cache (hooks/templates.py) speeds builds up and never serves a stale template."""

from __future__ import annotations

from pathlib import Path

from conftest import mkdocs_build

MARKER = "gs-cache-check"


def test_an_edited_template_shows_in_the_next_build(project_copy: Path) -> None:
    site_dir = project_copy / "site"
    assert mkdocs_build(project_copy, site_dir).returncode == 0
    cached = list((project_copy / ".cache" / "jinja").iterdir())
    assert any(path.read_bytes() for path in cached), "the first build kept no compiled template"
    assert MARKER not in (site_dir / "index.html").read_text(encoding="utf-8")

    template = project_copy / "overrides" / "main.html"
    text = template.read_text(encoding="utf-8")
    template.write_text(text.replace("{% block extrahead %}",
                                     f'{{% block extrahead %}}<meta name="{MARKER}">', 1), encoding="utf-8")
    assert mkdocs_build(project_copy, site_dir).returncode == 0
    assert f'<meta name="{MARKER}">' in (site_dir / "index.html").read_text(encoding="utf-8")
