"""The documentation stands alone and says what the code does: nothing refers to files outside the
repository, every relative link leads somewhere, and the README's deployment commands are the ones
docs/operations.md explains."""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The folder of the original specification, and its files: the repository must explain itself.
# (Spelled in two parts so that this file passes its own test.)
OUTSIDE = (
    "../" + "shared",
    "/work/" + "shared",
    *(name + ".md" for name in ("PRODUCT", "STYLE", "SECURITY", "LAW", "UI", "STACK-NOTES")),
)


def tracked_text_files():
    names = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True)
    for name in names.stdout.splitlines():
        path = ROOT / name
        if path.is_file() and path.suffix not in {".woff2", ".png", ".jpg", ".mo", ".ico"}:
            yield path


def test_nothing_refers_to_files_outside_the_repository():
    offending = [
        str(path.relative_to(ROOT))
        for path in tracked_text_files()
        if any(needle in path.read_text(errors="replace") for needle in OUTSIDE)
    ]
    assert not offending


def test_relative_links_of_the_documentation_lead_somewhere():
    for page in [ROOT / "README.md", *(ROOT / "docs").glob("*.md")]:
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", page.read_text()):
            assert (page.parent / target).exists(), f"{page.relative_to(ROOT)} links to {target}"


def _commands(markdown: str, section: str) -> list[str]:
    """The command lines of the first shell block after the heading, comments dropped,
    continuation lines joined, spaces collapsed."""
    after = markdown[markdown.index(section) :]
    block = re.search(r"```sh\n(.*?)```", after, re.S).group(1).replace("\\\n", " ")
    lines = (re.sub(r"\s+#.*$", "", line) for line in block.splitlines())
    return [" ".join(line.split()) for line in lines if line.strip() and not line.lstrip().startswith("#")]


def test_the_readme_deploys_with_the_commands_operations_explains():
    readme = _commands((ROOT / "README.md").read_text(), "## Full stack")
    operations_text = (ROOT / "docs" / "operations.md").read_text()
    blocks = re.findall(r"```sh\n(.*?)```", operations_text[operations_text.index("## Installing") :], re.S)
    explained = set()
    for block in blocks:
        explained.update(_commands("## x\n```sh\n" + block + "```", "## x"))
    assert len(readme) > 20
    assert [line for line in readme if line not in explained] == []
    for path in re.findall(r"deploy/[\w./-]+", " ".join(readme)):
        assert (ROOT / path).exists(), path
