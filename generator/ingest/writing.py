"""Writing a checked month: nothing here runs before every check has passed.

Each file is written to a temporary file beside its target and moved into
place with os.replace (atomic on one file system); datasets/datapackage.json
comes last, so an interrupted run leaves at most an unregistered file, never
a registered one that is half written. With --replace the month's old files
are first copied to `revisions/<program>/<YYYY-MM>/r<N>/` at the project root
(outside datasets/, so they are not published) with a small note.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from generator.catalog import DATASETS_DIR, PACKAGE_FILE
from generator.ingest.refs import SECRET_FILE, private_dir, secret_text
from generator.layout import FAMILIES, Entry

REVISIONS_DIR = "revisions"


@dataclass(frozen=True)
class Plan:
    root: Path
    program: str
    month: str
    files: dict[str, bytes]  # datasets-relative path → content
    obsolete: list[str]  # datasets-relative files of this month that the new version no longer has
    descriptor: dict
    state_file: Path
    state: bytes | None
    new_secret: bytes | None  # written when the project had none
    replaced: list[str] = field(default_factory=list)  # datasets-relative files kept as a revision
    raw_file: str = ""


def updated_descriptor(descriptor: dict, remove: set[str], add: list[Entry]) -> dict:
    """The package with resources `remove` left out and `add` put in their place in
    the usual order (family, then period); every other resource stays as it is."""
    order = {family: i for i, family in enumerate(FAMILIES)}

    def position(resource: dict) -> tuple:
        sunshine = resource.get("sunshine") or {}
        family = sunshine.get("family") or resource.get("name")
        return order.get(family, len(order)), sunshine.get("period") or ""

    resources = [r for r in descriptor.get("resources", []) if r.get("name") not in remove]
    for entry in add:
        new = entry.descriptor()
        at = len(resources)
        while at and position(resources[at - 1]) > position(new):
            at -= 1
        resources.insert(at, new)
    return {**descriptor, "resources": resources}


PUBLIC_MODE = 0o644  # published files: readable by the web server and colleagues
PRIVATE_MODE = 0o600  # the secret and the state: the owner only


def write_atomically(path: Path, content: bytes, mode: int = PUBLIC_MODE) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)  # mkstemp makes 0600
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def commit(plan: Plan) -> list[str]:
    """Write everything; returns what was written (project-relative paths) for the summary."""
    root = plan.root
    datasets = root / DATASETS_DIR
    written = []
    if plan.replaced:
        written.append(_keep_revision(plan))
    if plan.new_secret is not None:
        private = private_dir(root)
        private.mkdir(mode=0o700, exist_ok=True)
        write_atomically(private / ".gitignore", b"# never commit: see README\n*\n")
        write_atomically(private / SECRET_FILE, secret_text(plan.new_secret).encode("ascii"), mode=PRIVATE_MODE)
    for relative in sorted(plan.files, key=lambda r: r.startswith(plan.program)):  # the roster itself last
        write_atomically(datasets / relative, plan.files[relative])
        written.append(f"{DATASETS_DIR}/{relative}")
    if plan.state is not None:
        write_atomically(plan.state_file, plan.state, mode=PRIVATE_MODE)
    text = json.dumps(plan.descriptor, ensure_ascii=False, indent=2) + "\n"  # as layout.write_descriptor
    write_atomically(datasets / PACKAGE_FILE, text.encode("utf-8"))
    written.append(f"{DATASETS_DIR}/{PACKAGE_FILE}")
    for relative in plan.obsolete:  # unregistered by now
        (datasets / relative).unlink(missing_ok=True)
    return written


def _keep_revision(plan: Plan) -> str:
    base = plan.root / REVISIONS_DIR / plan.program / plan.month
    numbers = [int(p.name[1:]) for p in base.glob("r*") if p.name[1:].isdigit()] if base.is_dir() else []
    folder = base / f"r{max(numbers, default=0) + 1}"
    kept = []
    for relative in plan.replaced:
        content = (plan.root / DATASETS_DIR / relative).read_bytes()
        target = folder / relative.replace("/", "-")
        write_atomically(target, content)
        kept.append({"was": f"{DATASETS_DIR}/{relative}", "kept_as": target.name,
                     "sha256": hashlib.sha256(content).hexdigest()})
    if plan.state_file.is_file():  # the private state stays private: beside the new one, never in revisions/
        old = plan.state_file.with_name(f"{plan.month}.{folder.name}.csv")
        write_atomically(old, plan.state_file.read_bytes(), mode=PRIVATE_MODE)
    note = {
        "program": plan.program,
        "month": plan.month,
        "revision": folder.name,
        "replaced_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "replaced_by": plan.raw_file,
        "reason": "sunshine ingest --replace",
        "files": kept,
    }
    write_atomically(folder / "revision.json", (json.dumps(note, ensure_ascii=False, indent=2) + "\n").encode())
    return folder.relative_to(plan.root).as_posix()
