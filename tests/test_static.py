"""Static files: the vendored ones are exactly those recorded in static/vendor/README.md, no file
names a source map that is not there, and collectstatic works with the production storage
(WhiteNoise's compressed manifest), which refuses a file that names a missing one."""

import hashlib
import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "static"
VENDOR = STATIC / "vendor"


def test_every_vendored_file_is_recorded_with_its_checksum():
    recorded = dict(
        re.findall(r"^\| `([^`]+)` \| `([0-9a-f]{64})` \|$", (VENDOR / "README.md").read_text(), re.M)
    )
    present = {
        str(path.relative_to(VENDOR)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in VENDOR.rglob("*")
        if path.is_file() and path.name != "README.md"
    }
    assert present == recorded


def test_no_static_file_names_a_missing_source_map():
    for path in [*STATIC.rglob("*.css"), *STATIC.rglob("*.js")]:
        for name in re.findall(r"sourceMappingURL=(\S+?)(?:\s*\*/)?\s*$", path.read_text(), re.M):
            assert (path.parent / name).exists(), f"{path.relative_to(ROOT)} names {name}"


def test_collectstatic_with_the_production_storage(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "thiduaportal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "thidua.example.vn",
        "STATIC_ROOT": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    paths = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    for name in (
        "vendor/bootstrap/bootstrap.min.css",
        "vendor/bootstrap/bootstrap.bundle.min.js",
        "css/portal.css",
    ):
        hashed = tmp_path / paths[name]
        assert hashed.exists() and Path(f"{hashed}.gz").exists(), name
    portal_css = (tmp_path / paths["css/portal.css"]).read_text()
    fonts = re.findall(r'url\("?\.\./(vendor/fonts/[^")]+)', portal_css)
    assert fonts and all(font in paths.values() for font in fonts), (
        "the fonts are referenced by their hashed names"
    )
