"""Build the desktop bundle: a PyInstaller one-folder build of Annotator, with no Python needed.

    python packaging/build.py            # build dist/annotator/ and, on Linux, the tarball
    python packaging/build.py --check    # then run the bundle as a user would (see check_bundle)

Needs PyInstaller in the environment Annotator is installed in (``pip install -e . pyinstaller``).
PyInstaller builds for the system it runs on: the Linux spec here, the Windows and macOS specs
(packaging/pyinstaller/) on those systems. On Linux the bundle gets a .desktop file, its icon and
AppStream metainfo under share/, an install.sh that adds it to the application menu, and is packed
as dist/annotator-VERSION-linux-ARCH.tar.gz.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
APP_ID = "io.github.annotator.Annotator"
SPECS = {
    "linux": PACKAGING / "pyinstaller" / "annotator-linux.spec",
    "win32": PACKAGING / "pyinstaller" / "annotator-windows.spec",
    "darwin": PACKAGING / "pyinstaller" / "annotator-macos.spec",
}


def version() -> str:
    import tomllib

    return str(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"])


def run_pyinstaller(spec: Path, dist: Path, work: Path) -> Path:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        sys.exit("build: PyInstaller is not installed here: pip install pyinstaller")
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN"]
    command += ["--distpath", str(dist), "--workpath", str(work), str(spec)]
    print("+", " ".join(command), flush=True)
    subprocess.run(command, check=True, cwd=ROOT)
    return dist / "annotator"


def add_desktop_files(bundle: Path) -> None:
    """The freedesktop.org files, where install.sh (and a packager) expects them."""
    share = bundle / "share"
    for source, target in (
        (PACKAGING / "linux" / f"{APP_ID}.desktop", share / "applications" / f"{APP_ID}.desktop"),
        (PACKAGING / "linux" / f"{APP_ID}.metainfo.xml", share / "metainfo" / f"{APP_ID}.metainfo.xml"),
        (
            ROOT / "resources" / "icons" / "annotator.png",
            share / "icons" / "hicolor" / "256x256" / "apps" / f"{APP_ID}.png",
        ),
        (
            ROOT / "resources" / "icons" / "annotator.svg",
            share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg",
        ),
    ):
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    shutil.copy2(PACKAGING / "linux" / "install.sh", bundle / "install.sh")
    (bundle / "install.sh").chmod(0o755)


def make_tarball(bundle: Path) -> Path:
    machine = platform.machine().lower() or "unknown"
    tarball = bundle.parent / f"annotator-{version()}-linux-{machine}.tar.gz"
    with tarfile.open(tarball, "w:gz") as archive:
        archive.add(bundle, arcname="annotator")
    return tarball


def folder_size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file() and not f.is_symlink())


def check_bundle(bundle: Path) -> None:
    """Run the bundled program as a user without Python would: --version, selftest, the demo
    without a window, an offscreen screenshot, and an import → export round trip."""
    exe = bundle / ("annotator.exe" if sys.platform == "win32" else "annotator")
    with tempfile.TemporaryDirectory(prefix="annotator-check-") as tmp:
        home = Path(tmp)
        empty_bin = home / "bin"
        empty_bin.mkdir()
        # No Python anywhere: an empty PATH entry, no virtual environment, no PYTHONPATH; a home of its own.
        env = {"PATH": str(empty_bin), "HOME": str(home), "QT_QPA_PLATFORM": "offscreen", "LANG": "C.UTF-8"}
        if sys.platform == "win32":
            env["SYSTEMROOT"] = os.environ.get("SYSTEMROOT", r"C:\Windows")
        db = home / "check.db"
        article = home / "article.html"
        article.write_text(
            "<html><head><title>Strike in Lagos</title></head><body><article><h1>Strike in Lagos</h1>"
            "<p>Dock workers in Lagos went on strike on Tuesday over unpaid wages, their union said.</p>"
            "<p>The port authority said talks would resume on Thursday.</p></article></body></html>",
            encoding="utf-8",
        )
        steps = [
            ["--version"],
            ["selftest", "--db", str(db)],
            ["demo", "--no-window"],
            ["screenshot", str(home / "window.png"), "--demo"],
            ["import", str(article), "--db", str(db)],
            ["export", "--format", "jsonl", "--output", str(home / "out.jsonl"), "--db", str(db)],
        ]
        for step in steps:
            print("+ annotator", " ".join(step), flush=True)
            done = subprocess.run([str(exe), *step], env=env, capture_output=True, text=True, timeout=600, check=False)
            print(done.stdout.rstrip())
            if done.returncode != 0:
                print(done.stderr.rstrip(), file=sys.stderr)
                sys.exit(f"build: the bundle failed at 'annotator {' '.join(step)}' (exit {done.returncode})")
        if not (home / "window.png").stat().st_size:
            sys.exit("build: the screenshot is empty")
        if "Dock workers in Lagos" not in (home / "out.jsonl").read_text(encoding="utf-8"):
            sys.exit("build: the imported article is not in the export")
    print("The bundle passed every check.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the Annotator desktop bundle with PyInstaller.")
    parser.add_argument("--spec", type=Path, help="spec file (default: this system's)")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder (default: dist/)")
    parser.add_argument("--check", action="store_true", help="run the bundle afterwards, without Python")
    parser.add_argument("--check-only", action="store_true", help="check an existing build, do not build")
    args = parser.parse_args(argv)
    system = "linux" if sys.platform.startswith("linux") else sys.platform
    spec = args.spec or SPECS.get(system)
    if spec is None:
        sys.exit(f"build: no spec for {sys.platform}; give one with --spec")
    bundle = args.dist / "annotator"
    if not args.check_only:
        bundle = run_pyinstaller(spec, args.dist, ROOT / "build" / "pyinstaller")
        if system == "linux":
            add_desktop_files(bundle)
            tarball = make_tarball(bundle)
            print(f"{tarball} ({tarball.stat().st_size / 1e6:.0f} MB)")
        print(f"{bundle} ({folder_size(bundle) / 1e6:.0f} MB unpacked)")
    if args.check or args.check_only:
        check_bundle(bundle)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
