"""Backups of the whole site in one archive, and restoring one.

An archive (`consultation-backup-<UTC time>.tar.gz`) holds the database (a PostgreSQL dump in
pg_dump's custom format, or a consistent copy of the SQLite file), the public media folder
(MEDIA_ROOT) and the private uploads folder (PRIVATE_MEDIA_ROOT, written submissions'
attachments), each folder as a tar file, and `manifest.json` with the size, SHA-256 and file
count of each part. The search index is left out: `manage.py update_index` rebuilds it from the
database.

A restore checks everything it can before it changes anything: the manifest, the checksums,
the database engine and the client tools. It then unpacks the folders beside the ones they
replace, restores the database (in one transaction on PostgreSQL; a file swapped in whole on
SQLite) and swaps the folders in, so that a failure never leaves half a folder."""

import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
import zlib
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import django
import wagtail
from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "consultation-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
ENGINES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}
DATABASE_FILES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
# Each folder part of an archive and the setting that says where the folder lives.
FOLDERS = {"media": "MEDIA_ROOT", "private": "PRIVATE_MEDIA_ROOT"}
# With the uploads in object storage (UPLOADS_STORAGE=s3), the storage each part comes from.
STORAGES = {"media": "default", "private": "private"}
# How long a SQLite backup waits for a writer to let go of the database.
SQLITE_LOCK_TIMEOUT = 60
PART_FILES = {*DATABASE_FILES.values(), *(f"{name}.tar" for name in FOLDERS)}
# libpq's environment variables for the connection options dj-database-url may set.
PG_OPTION_VARIABLES = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
}


class BackupError(Exception):
    """A backup or a restore that cannot go ahead; the message tells the operator why."""


@dataclass
class Backup:
    """An archive unpacked into a working folder whose manifest and checksums are verified and
    whose database suits this site."""

    archive: Path
    folder: Path
    manifest: dict
    # Migrations of the archive's database that this code does not have.
    unknown_migrations: list[str] = field(default_factory=list)

    @property
    def engine(self) -> str:
        return self.manifest["database"]["engine"]

    def part(self, name: str) -> Path:
        return self.folder / self.manifest[name]["file"]


@dataclass
class RestoreSummary:
    # Migrations of this code that the restored database has not had: run `migrate`.
    pending_migrations: list[str]


def database_engine() -> str:
    """ "postgresql" or "sqlite": the engine of the site's default database."""
    vendor = connections["default"].vendor
    if vendor not in ENGINES:
        raise BackupError(f"Backups handle PostgreSQL and SQLite databases, not {vendor}.")
    return vendor


def backup_create(*, output: Path | None = None) -> tuple[Path, dict]:
    """Write an archive of the database and both media folders to `output` (a folder, or the
    archive's file name; by default var/backups/) and return its path and manifest. The
    archive is readable by its owner only: it holds personal data."""
    engine = database_engine()
    created_at = datetime.now(UTC).replace(microsecond=0)
    target = _archive_path(output, created_at)
    with tempfile.TemporaryDirectory(prefix="consultation-backup-") as work:
        work = Path(work)
        database = work / DATABASE_FILES[engine]
        # The database first: files uploaded meanwhile are kept, rows never lack their file.
        details = _dump_postgresql(database) if engine == "postgresql" else _copy_sqlite(database)
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": created_at.isoformat(),
            "app_version": metadata.version("diaspora-consultation"),
            "django_version": django.get_version(),
            "wagtail_version": wagtail.__version__,
            "migrations": _applied_migrations(),
            "database": {"engine": engine, **details, **_describe(database)},
        }
        for name, setting in FOLDERS.items():
            tar = work / f"{name}.tar"
            if _in_object_storage():
                count = _tar_storage(storages[STORAGES[name]], tar)
            else:
                count = _tar_folder(Path(getattr(settings, setting)), tar)
            manifest[name] = {"files": count, **_describe(tar)}
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")

        partial = target.with_name(f".{target.name}.partial")
        try:
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
                tar.add(work / MANIFEST, arcname=MANIFEST)
                for name in ["database", *FOLDERS]:
                    tar.add(work / manifest[name]["file"], arcname=manifest[name]["file"])
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
    return target, manifest


def backup_open(*, archive: Path, workdir: Path) -> Backup:
    """Unpack `archive` into `workdir` and check it can be restored into this site: a backup
    of this platform, undamaged (every part's size and SHA-256 as the manifest says), of this
    site's database engine, with the client tools to restore it. Changes nothing else."""
    if not archive.is_file():
        raise BackupError(f"No backup archive at {archive}.")
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            members = tar.getmembers()
            names = [member.name for member in members]
            if MANIFEST not in names:
                raise BackupError(
                    f"{archive} is not a backup of this platform: it has no {MANIFEST}."
                )
            strays = [m.name for m in members if m.name not in {MANIFEST, *PART_FILES}]
            if strays or len(set(names)) != len(names) or not all(m.isfile() for m in members):
                raise BackupError(
                    f"{archive} is not a backup of this platform: it holds "
                    f"{', '.join(sorted(strays or names))}."
                )
            tar.extractall(workdir, filter="data")
    except (tarfile.TarError, EOFError, OSError, zlib.error) as error:
        raise BackupError(
            f"{archive} cannot be read: it is damaged or not a .tar.gz backup ({error})."
        ) from error

    manifest = _read_manifest(workdir / MANIFEST, archive)
    for name in ["database", *FOLDERS]:
        part = manifest[name]
        path = workdir / part["file"]
        if not path.is_file():
            raise BackupError(f"{archive} is damaged: {part['file']} is missing.")
        if _describe(path) != {key: part.get(key) for key in ("file", "bytes", "sha256")}:
            raise BackupError(
                f"{archive} is damaged: {part['file']} does not match its checksum in the manifest."
            )

    backup = Backup(archive=archive, folder=workdir, manifest=manifest)
    _check_engine(backup)
    if backup.engine == "postgresql":
        _check_pg_restore(manifest["database"])
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    backup.unknown_migrations = [
        f"{app}.{name}" for app, name in sorted(_migration_set(manifest["migrations"]) - known)
    ]
    return backup


def backup_restore(*, backup: Backup) -> RestoreSummary:
    """Replace the database and both media folders with the content of a checked backup
    (from `backup_open`). The site should be stopped meanwhile."""
    if backup.engine == "sqlite" and connections["default"].is_in_memory_db():
        raise BackupError("This site's SQLite database is in memory: there is no file to restore.")
    staged = {}
    try:
        # Unpacked beside the folders they replace first (in object storage: in the working
        # folder): a damaged tar stops the restore here.
        for name, setting in FOLDERS.items():
            if _in_object_storage():
                target = backup.folder / f"{name}-unpacked" / name
            else:
                target = Path(os.path.realpath(getattr(settings, setting)))
            staged[target] = _unpack_folder(
                backup.part(name), target, expected_files=backup.manifest[name]["files"]
            )
        if backup.engine == "postgresql":
            _restore_postgresql(backup.part("database"))
        else:
            _restore_sqlite(backup.part("database"))
        for (target, staging), name in zip(list(staged.items()), FOLDERS, strict=True):
            if _in_object_storage():
                _replace_storage(staging, storages[STORAGES[name]])
            else:
                _swap_folder(staging, target)
            del staged[target]
    finally:
        for staging in staged.values():
            shutil.rmtree(staging, ignore_errors=True)

    applied = _migration_set(backup.manifest["migrations"])
    leaves = MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes()
    return RestoreSummary(
        pending_migrations=[f"{app}.{name}" for app, name in leaves if (app, name) not in applied]
    )


def _archive_path(output: Path | None, created_at: datetime) -> Path:
    name = f"consultation-backup-{created_at:%Y%m%d-%H%M%S}Z.tar.gz"
    if output is None:
        output = settings.VAR_DIR / "backups"
    if output.is_dir() or output.suffix == "":
        output.mkdir(mode=0o700, parents=True, exist_ok=True)
        target = output / name
    else:
        output.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        target = output
    if target.exists():
        raise BackupError(f"{target} already exists: choose another --output.")
    for setting in FOLDERS.values():
        folder = Path(os.path.realpath(getattr(settings, setting)))
        if Path(os.path.realpath(target)).is_relative_to(folder):
            # Inside MEDIA_ROOT it would be served to anyone; in either, backed up next time.
            raise BackupError(f"Write backups outside {setting} ({folder}).")
    return target


def _describe(path: Path) -> dict:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1024 * 1024), b""):
            digest.update(block)
    return {"file": path.name, "bytes": path.stat().st_size, "sha256": digest.hexdigest()}


def _applied_migrations() -> dict[str, list[str]]:
    applied = {}
    for app, name in sorted(MigrationRecorder(connections["default"]).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def _migration_set(migrations: dict[str, list[str]]) -> set[tuple[str, str]]:
    return {(app, name) for app, names in migrations.items() for name in names}


def _tar_folder(folder: Path, tar_path: Path) -> int:
    """Write the folder's content to an uncompressed tar (the archive is compressed as a whole)
    and return how many files it holds; a missing folder makes an empty tar."""
    count = 0

    def counted(member: tarfile.TarInfo) -> tarfile.TarInfo:
        nonlocal count
        count += member.isfile()
        return member

    with tarfile.open(tar_path, mode="w") as tar:
        if folder.is_dir():
            for child in sorted(folder.iterdir()):
                tar.add(child, arcname=child.name, filter=counted)
    return count


def _in_object_storage() -> bool:
    return settings.UPLOADS_STORAGE != "filesystem"


def _storage_names(storage, folder: str = "") -> list[str]:
    """Every file's name in a storage, through its own listing (an object store's keys)."""
    folders, files = storage.listdir(folder)
    names = [f"{folder}{name}" for name in files]
    for child in folders:
        names += _storage_names(storage, f"{folder}{child}/")
    return names


def _tar_storage(storage, tar_path: Path) -> int:
    """The files of a storage (a bucket's prefix) in an uncompressed tar, as `_tar_folder`
    writes a folder's, so that an archive restores into either kind of site."""
    names = sorted(_storage_names(storage))
    with tarfile.open(tar_path, mode="w") as tar:
        for name in names:
            with storage.open(name, "rb") as file:
                member = tarfile.TarInfo(name)
                member.size = storage.size(name)
                member.mtime = int(storage.get_modified_time(name).timestamp())
                member.mode = 0o600
                tar.addfile(member, file)
    return len(names)


def _replace_storage(staging: Path, storage) -> None:
    """Make a storage (a bucket's prefix) hold exactly the files of `staging`: what the archive
    has is written over what is there, what it has not is deleted."""
    keep = {str(path.relative_to(staging)) for path in staging.rglob("*") if path.is_file()}
    for name in _storage_names(storage):
        if name not in keep:
            storage.delete(name)
    for name in sorted(keep):
        storage.delete(name)  # so that the name is free: storages never overwrite a file
        with (staging / name).open("rb") as file:
            saved = storage.save(name, File(file))
        if saved != name:
            raise BackupError(f"{name} was stored as {saved}: another process is writing.")
    shutil.rmtree(staging, ignore_errors=True)


def _copy_sqlite(path: Path) -> dict:
    """A consistent copy through SQLite's online backup API: safe while the site writes. It
    waits while a writer holds the database, for SQLITE_LOCK_TIMEOUT seconds at most."""
    connection = connections["default"]
    connection.ensure_connection()
    deadline = time.monotonic() + SQLITE_LOCK_TIMEOUT

    def give_up_when_locked_too_long(status: int, remaining: int, total: int) -> None:
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) and time.monotonic() > deadline:
            raise BackupError(
                f"The SQLite database stayed locked by another connection for "
                f"{SQLITE_LOCK_TIMEOUT} s: try again when the site is quieter."
            )

    with closing(sqlite3.connect(path)) as copy:
        connection.connection.backup(copy, progress=give_up_when_locked_too_long)
    return {"sqlite_version": sqlite3.sqlite_version}


def _dump_postgresql(path: Path) -> dict:
    connection = connections["default"]
    connection.ensure_connection()
    server = _pg_version_text(connection.pg_version)
    pg_dump, dump_version = _pg_tool(
        "pg_dump", at_least=server, purpose=f"to dump a PostgreSQL {server} server"
    )
    _run_pg(
        [pg_dump, "--format=custom", f"--file={path}", *_pg_arguments()],
        what=f"pg_dump {dump_version}",
    )
    return {"server_version": server, "pg_dump_version": dump_version}


def _read_manifest(path: Path, archive: Path) -> dict:
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise BackupError(f"{archive} is damaged: its manifest cannot be read ({error}).") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{archive} is not a backup of this platform (unknown manifest).")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"{archive} is in backup format {manifest.get('format_version')!r}; this version "
            f"of the platform reads format {FORMAT_VERSION}. Restore it with the version that "
            f"made it ({manifest.get('app_version', 'unknown')})."
        )
    try:
        engine = manifest["database"]["engine"]
        files = {name: manifest[name]["file"] for name in ["database", *FOLDERS]}
        migrations = manifest["migrations"]
    except (KeyError, TypeError) as error:
        raise BackupError(f"{archive} is damaged: its manifest lacks {error}.") from None
    if not isinstance(migrations, dict) or not all(
        isinstance(names, list) and all(isinstance(name, str) for name in names)
        for names in migrations.values()
    ):
        raise BackupError(f"{archive} is damaged: its manifest's migrations cannot be read.")
    expected = {"database": DATABASE_FILES.get(engine), **{n: f"{n}.tar" for n in FOLDERS}}
    if files != expected:
        raise BackupError(f"{archive} is damaged: its manifest names unexpected parts.")
    return manifest


def _check_engine(backup: Backup) -> None:
    ours = database_engine()
    if backup.engine != ours:
        theirs = ENGINES[backup.engine]
        raise BackupError(
            f"This archive holds a {theirs} database and this site uses {ENGINES[ours]}: a "
            f"backup is restored into the engine it came from. Set DATABASE_URL to a "
            f"{theirs} database to restore it. Nothing was changed."
        )


def _check_pg_restore(database: dict) -> None:
    made_with = database.get("pg_dump_version", "0")
    _pg_tool("pg_restore", at_least=made_with, purpose=f"to read a dump of pg_dump {made_with}")


def _restore_postgresql(dump: Path) -> None:
    pg_restore = _pg_client("pg_restore", needed="")
    # Our own idle connection would hold nothing, but the restore should meet no one.
    connections.close_all()
    _run_pg(
        [
            pg_restore,
            "--clean",
            "--if-exists",
            "--no-owner",
            # All or nothing: a failure leaves the database as it was.
            "--single-transaction",
            *_pg_arguments(),
            str(dump),
        ],
        what="pg_restore",
    )


def _restore_sqlite(copy: Path) -> None:
    with closing(sqlite3.connect(copy)) as check:
        result = check.execute("PRAGMA quick_check").fetchone()[0]
    if result != "ok":
        raise BackupError(f"The archive's SQLite database is damaged: {result}.")
    target = Path(os.path.realpath(connections["default"].settings_dict["NAME"]))
    target.parent.mkdir(parents=True, exist_ok=True)
    connections.close_all()
    descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.restoring-", dir=target.parent)
    try:
        with os.fdopen(descriptor, "wb") as out, copy.open("rb") as source:
            shutil.copyfileobj(source, out)
            out.flush()
            os.fsync(out.fileno())
        if target.exists():
            shutil.copymode(target, temporary)
        # A journal left by the old file would be replayed into the new one.
        for suffix in ("-journal", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        os.replace(temporary, target)
    finally:
        Path(temporary).unlink(missing_ok=True)


def _unpack_folder(tar_path: Path, target: Path, *, expected_files: int) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.restoring-", dir=target.parent))
    try:
        with tarfile.open(tar_path, mode="r:") as tar:
            tar.extractall(staging, filter="data")
        count = sum(1 for path in staging.rglob("*") if path.is_file() and not path.is_symlink())
        if count != expected_files:
            raise BackupError(
                f"{tar_path.name} holds {count} files; the manifest says {expected_files}."
            )
        if target.is_dir():
            shutil.copymode(target, staging)
        else:
            umask = os.umask(0)
            os.umask(umask)
            staging.chmod(0o777 & ~umask)
    except (tarfile.TarError, OSError) as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise BackupError(
            f"{tar_path.name} cannot be unpacked: {error}. Nothing was changed."
        ) from error
    except BackupError:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def _swap_folder(staging: Path, target: Path) -> None:
    if not target.exists():
        os.replace(staging, target)
        return
    # os.replace moves a folder onto an empty one: the old content goes aside, then away.
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.replaced-", dir=target.parent))
    os.replace(target, old)
    os.replace(staging, target)
    shutil.rmtree(old)


def _pg_arguments() -> list[str]:
    database = connections["default"].settings_dict
    arguments = [f"--dbname={database['NAME']}", "--no-password"]
    if database.get("HOST"):
        arguments.append(f"--host={database['HOST']}")
    if database.get("PORT"):
        arguments.append(f"--port={database['PORT']}")
    if database.get("USER"):
        arguments.append(f"--username={database['USER']}")
    return arguments


def _pg_environment() -> dict:
    database = connections["default"].settings_dict
    environment = dict(os.environ)
    if database.get("PASSWORD"):
        environment["PGPASSWORD"] = database["PASSWORD"]
    for option, variable in PG_OPTION_VARIABLES.items():
        if database.get("OPTIONS", {}).get(option):
            environment[variable] = str(database["OPTIONS"][option])
    return environment


def _run_pg(command: list[str], *, what: str) -> None:
    result = subprocess.run(  # noqa: S603 (our own arguments, no shell)
        command, env=_pg_environment(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{what} failed: {result.stderr.strip() or result.returncode}")


def _pg_client(name: str, *, needed: str) -> str:
    path = shutil.which(name)
    if path is None:
        package = f"postgresql-client-{_major(needed)}" if needed else "postgresql-client"
        raise BackupError(
            f"{name} is not installed or not on PATH: install PostgreSQL's client tools "
            f"(Debian: apt-get install {package})."
        )
    return path


def _pg_tool(name: str, *, at_least: str, purpose: str) -> tuple[str, str]:
    """The path and version of a PostgreSQL client tool of version `at_least` or newer."""
    path = _pg_client(name, needed=at_least)
    version = _pg_client_version(path)
    if _major(version) < _major(at_least):
        raise BackupError(
            f"{name} {version} is too old {purpose}: install the client tools of version "
            f"{_major(at_least)} or newer (postgresql-client-{_major(at_least)})."
        )
    return path, version


def _pg_client_version(path: str) -> str:
    result = subprocess.run(  # noqa: S603
        [path, "--version"], capture_output=True, text=True, check=False
    )
    match = re.search(r"\(PostgreSQL\)\s+(\d+(?:\.\d+)?)", result.stdout)
    if match is None:
        raise BackupError(f"{path} --version says {result.stdout.strip()!r}, not a version.")
    return match.group(1)


def _pg_version_text(number: int) -> str:
    return f"{number // 10000}.{number % 10000}"


def _major(version: str) -> int:
    match = re.match(r"\d+", version)
    return int(match.group()) if match else 0
