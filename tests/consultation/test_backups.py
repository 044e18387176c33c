"""Backups as an operator makes and restores them: `manage.py backup` and `manage.py restore`,
each in a process of its own, on a site of its own (a SQLite file, or PostgreSQL databases made
for the test) with real media and private folders; and the archives a restore refuses before
it changes anything."""

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
POSTGRES = "postgres://postgres@127.0.0.1:5432"
PG_SERVER = ["-h", "127.0.0.1", "-p", "5432", "-U", "postgres"]
# The site's own settings come from the environment, not from the test run's.
SITE_VARIABLES = {
    "DATABASE_URL",
    "ERASURE_LEDGER_KEY",
    "ERASURE_LEDGER_PATH",
    "MEDIA_ROOT",
    "PRIVATE_MEDIA_ROOT",
    "SEARCH_BACKEND",
    "SEARCH_INDEX_PATH",
}
PARTS = {"manifest.json", "media.tar", "private.tar"}


class Site:
    """A site with its database and folders of its own, run in subprocesses."""

    def __init__(self, folder: Path, database_url: str):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.database_url = database_url
        self.media = folder / "media"
        self.private = folder / "private"

    def run(self, *args, **env_changes) -> subprocess.CompletedProcess:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith("DJANGO_") and key not in SITE_VARIABLES
        }
        env.update(
            DJANGO_SETTINGS_MODULE="consultation.settings.dev",
            DATABASE_URL=self.database_url,
            MEDIA_ROOT=str(self.media),
            PRIVATE_MEDIA_ROOT=str(self.private),
            SEARCH_INDEX_PATH=str(self.folder / "search"),
            **env_changes,
        )
        return subprocess.run(  # noqa: S603
            [sys.executable, *map(str, args)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    def manage(self, *args) -> str:
        result = self.run("manage.py", *args)
        assert result.returncode == 0, result.stderr
        return result.stdout

    def act(self, action: str) -> dict:
        """Create content, damage it, or only read it (tests/consultation/backup_site.py);
        returns what the database holds."""
        output = self.folder / f"{action}.json"
        result = self.run("-m", "tests.consultation.backup_site", action, output)
        assert result.returncode == 0, result.stderr
        return json.loads(output.read_text())

    def files(self) -> dict[str, bytes]:
        return {
            f"{root.name}/{path.relative_to(root).as_posix()}": path.read_bytes()
            for root in (self.media, self.private)
            if root.exists()
            for path in sorted(root.rglob("*"))
            if path.is_file()
        }


def read_members(archive: Path) -> dict[str, bytes]:
    with tarfile.open(archive) as tar:
        return {member.name: tar.extractfile(member).read() for member in tar.getmembers()}


def write_members(archive: Path, members: dict[str, bytes]) -> None:
    with tarfile.open(archive, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def tar_bytes(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def forge(archive: Path, part: str, data: bytes) -> None:
    """Replace one part of the archive and write a manifest that agrees with it, as a
    malicious archive would."""
    members = read_members(archive)
    manifest = json.loads(members["manifest.json"])
    members[part] = data
    name = part.removesuffix(".tar")
    manifest[name].update(bytes=len(data), sha256=hashlib.sha256(data).hexdigest())
    members["manifest.json"] = json.dumps(manifest).encode()
    write_members(archive, members)


def round_trip(site: Site, backups: Path) -> tuple[Path, dict, dict]:
    """Back up a site with content, damage it, restore it, and see it whole again."""
    before = site.act("create")
    files = site.files()
    assert before["counts"]["SectionComment"] == 2
    assert before["counts"]["WrittenSubmission"] == 1
    assert [name.split("/")[0] for name in files] == ["media", "private"]

    output = site.manage("backup", "--output", backups)
    (archive,) = backups.glob("consultation-backup-*.tar.gz")
    assert str(archive) in output
    assert archive.stat().st_mode & 0o077 == 0, "the archive is readable by its owner only"
    members = read_members(archive)
    # The database and both folders; no search index.
    assert set(members) - PARTS in ({"database.sqlite3"}, {"database.pgdump"})
    manifest = json.loads(members["manifest.json"])
    assert manifest["media"]["files"] == manifest["private"]["files"] == 1
    assert "0001_initial" in manifest["migrations"]["consultation"]

    after_damage = site.act("damage")
    assert after_damage["counts"] != before["counts"]
    assert after_damage["sections"] != before["sections"]
    assert site.files() != files

    output = site.manage("restore", archive, "--yes")
    assert "manage.py update_index" in output
    assert site.act("snapshot") == before
    assert site.files() == files
    return archive, before, files


def erasures_replayed(site: Site, backups: Path) -> None:
    """Lineo is erased, then comments again, before the backup; Palesa is erased after it.
    Restoring the backup erases Palesa again, from the ledger, and leaves Lineo's new comment."""
    site.act("create")
    site.act("lineo_comments")
    site.manage("erase_personal_data", "lineo@example.org", "--yes")
    site.act("lineo_comments")
    site.manage("backup", "--output", backups)
    (archive,) = backups.glob("consultation-backup-*.tar.gz")
    site.manage("erase_personal_data", "palesa@example.org", "--yes")
    ledger = site.private / "erasure-ledger.jsonl"
    assert len(ledger.read_text().splitlines()) == 2
    assert "palesa" not in ledger.read_text() and "lineo" not in ledger.read_text()

    output = site.manage("restore", archive, "--yes")
    assert "Erasures replayed from the ledger: 1 (1 people erased since the backup" in output
    comments = {
        (name, email, text)
        for _pk, _object, text, name, email, _public in site.act("snapshot")["comments"]
    }
    assert ("Palesa Mokoena", "palesa@example.org", "Name the children born abroad.") not in (
        comments
    )
    assert ("Erased", "", "Name the children born abroad.") in comments
    assert ("Lineo Ramone", "lineo@example.org", "Lineo's comment number 2.") in comments
    assert ("Erased", "", "Lineo's comment number 1.") in comments
    # The archive's older ledger did not replace the site's: the erasure after it is kept.
    assert len(ledger.read_text().splitlines()) == 3  # and the replay's own


def test_a_sqlite_site_comes_back_whole_from_its_backup(tmp_path):
    site = Site(tmp_path / "site", f"sqlite:///{tmp_path / 'site' / 'db.sqlite3'}")
    archive, before, files = round_trip(site, tmp_path / "backups")

    # A media tar whose member climbs out of the folder is refused, though its checksum
    # agrees, before the database is touched.
    forge(archive, "media.tar", tar_bytes({"../../escaped.txt": b"outside"}))
    result = site.run("manage.py", "restore", archive, "--yes")
    assert result.returncode != 0
    assert "media.tar cannot be unpacked" in result.stderr
    assert not list(tmp_path.rglob("escaped.txt"))
    assert site.act("snapshot") == before
    assert site.files() == files


@pytest.fixture
def postgres_databases():
    """Two empty databases of this test's own on the server at 127.0.0.1, dropped afterwards
    (never the suite's test database)."""
    tools = {name: shutil.which(name) for name in ("pg_isready", "createdb", "dropdb")}
    ready = all(tools.values()) and (
        subprocess.run([tools["pg_isready"], "-q", *PG_SERVER[:4]], check=False).returncode == 0  # noqa: S603
    )
    if not ready:
        message = "No PostgreSQL server (or client tools) on 127.0.0.1:5432."
        if os.environ.get("DATABASE_URL", "").startswith("postgres"):
            pytest.fail(message)
        pytest.skip(message)
    names = [f"backup_{role}_{os.getpid()}" for role in ("src", "dst")]
    for name in names:
        subprocess.run([tools["dropdb"], *PG_SERVER, "--if-exists", name], check=True)  # noqa: S603
        subprocess.run([tools["createdb"], *PG_SERVER, name], check=True)  # noqa: S603
    yield [f"{POSTGRES}/{name}" for name in names]
    for name in names:
        subprocess.run(  # noqa: S603
            [tools["dropdb"], *PG_SERVER, "--if-exists", "--force", name], check=False
        )


def test_a_postgresql_site_comes_back_whole_from_its_backup(tmp_path, postgres_databases):
    source_url, empty_url = postgres_databases
    site = Site(tmp_path / "site", source_url)
    archive, before, files = round_trip(site, tmp_path / "backups")

    # On a new machine: an empty database, no folders yet, and at first no client tools,
    # then client tools too old for the dump.
    new = Site(tmp_path / "new", empty_url)
    python_only = str(Path(sys.executable).parent)
    result = new.run("manage.py", "restore", archive, "--yes", PATH=python_only)
    assert result.returncode != 0
    assert "pg_restore is not installed or not on PATH" in result.stderr
    old_tools = tmp_path / "old-tools"
    old_tools.mkdir()
    (old_tools / "pg_restore").write_text('#!/bin/sh\necho "pg_restore (PostgreSQL) 9.6"\n')
    (old_tools / "pg_restore").chmod(0o755)
    result = new.run("manage.py", "restore", archive, "--yes", PATH=f"{old_tools}:{python_only}")
    assert result.returncode != 0
    assert "pg_restore 9.6 is too old to read a dump of pg_dump" in result.stderr
    assert new.files() == {}
    new.manage("restore", archive, "--yes")
    assert new.act("snapshot") == before
    assert new.files() == files


def test_erasures_made_after_a_sqlite_backup_are_replayed_by_its_restore(tmp_path):
    site = Site(tmp_path / "site", f"sqlite:///{tmp_path / 'site' / 'db.sqlite3'}")
    erasures_replayed(site, tmp_path / "backups")


def test_erasures_made_after_a_postgresql_backup_are_replayed_by_its_restore(
    tmp_path, postgres_databases
):
    erasures_replayed(Site(tmp_path / "site", postgres_databases[0]), tmp_path / "backups")


# In the test process: archives refused before anything changes.


@pytest.fixture
def folders(settings, tmp_path):
    """Real media and private folders, each with a file."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    files = {
        settings.MEDIA_ROOT / "documents" / "annex.txt": b"The annex.",
        settings.PRIVATE_MEDIA_ROOT / "submissions" / "letter.pdf": b"%PDF-1.7 The letter.",
    }
    for path, data in files.items():
        path.parent.mkdir(parents=True)
        path.write_bytes(data)
    return files


@pytest.fixture
def archive(db, folders, tmp_path, django_user_model):
    """A backup of the test database, then a row that a refused restore must leave alone. The
    backup comes first: on SQLite it waits for the test's transaction to let go of the tables
    it has written to (the in-memory test database shares one cache)."""
    call_command("backup", output=tmp_path / "backups", stdout=io.StringIO())
    (archive,) = (tmp_path / "backups").glob("*.tar.gz")
    django_user_model.objects.create_user("kept", "kept@example.org", "pw")
    return archive


def assert_nothing_changed(folders, django_user_model):
    roots = {path.parents[1] for path in folders}
    assert {path for root in roots for path in root.rglob("*") if path.is_file()} == set(folders)
    for path, data in folders.items():
        assert path.read_bytes() == data
    assert django_user_model.objects.filter(username="kept").exists()


def truncated(archive):
    data = archive.read_bytes()
    archive.write_bytes(data[: len(data) // 2])


def flipped_byte(archive):
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    archive.write_bytes(bytes(data))


def part_replaced(archive):
    members = read_members(archive)
    members["private.tar"] = tar_bytes({"submissions/letter.pdf": b"Forged."})
    write_members(archive, members)


def foreign(archive):
    write_members(archive, {"notes.txt": b"Not a backup."})


def extra_member(archive):
    write_members(archive, {**read_members(archive), "../etc/passwd": b"root"})


def not_an_archive(archive):
    archive.write_text("Not even gzip.")


def manifest_of_another_format(archive):
    members = read_members(archive)
    members["manifest.json"] = json.dumps({"format": "something-else"}).encode()
    write_members(archive, members)


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (truncated, "cannot be read: it is damaged"),
        # Caught by gzip's check or, when the bad byte still inflates, by a part's checksum.
        (flipped_byte, "damaged"),
        (part_replaced, "private.tar does not match its checksum"),
        (foreign, "is not a backup of this platform: it has no manifest.json"),
        (extra_member, "is not a backup of this platform: it holds ../etc/passwd"),
        (not_an_archive, "cannot be read: it is damaged"),
        (manifest_of_another_format, "is not a backup of this platform (unknown manifest)"),
    ],
)
def test_a_damaged_or_foreign_archive_is_refused_and_nothing_changes(
    archive, folders, django_user_model, damage, message
):
    damage(archive)
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call_command("restore", archive, yes=True, stdout=io.StringIO())
    assert_nothing_changed(folders, django_user_model)


def test_a_backup_is_not_restored_into_another_database_engine(archive, folders, django_user_model):
    ours, theirs = (
        ("SQLite", "PostgreSQL") if connection.vendor == "sqlite" else ("PostgreSQL", "SQLite")
    )
    other_engine = theirs.lower()
    other_file = "database.pgdump" if other_engine == "postgresql" else "database.sqlite3"
    members = read_members(archive)
    manifest = json.loads(members["manifest.json"])
    members[other_file] = members.pop(manifest["database"]["file"])
    manifest["database"].update(engine=other_engine, file=other_file)
    members["manifest.json"] = json.dumps(manifest).encode()
    write_members(archive, members)

    with pytest.raises(CommandError, match=f"holds a {theirs} database and this site uses {ours}"):
        call_command("restore", archive, yes=True, stdout=io.StringIO())
    assert_nothing_changed(folders, django_user_model)


def test_a_restore_not_confirmed_changes_nothing(archive, folders, django_user_model, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda: "no")
    out = io.StringIO()
    with pytest.raises(CommandError, match="Restore cancelled: nothing was changed"):
        call_command("restore", archive, stdout=out)
    assert "checksums verified" in out.getvalue()
    assert_nothing_changed(folders, django_user_model)
