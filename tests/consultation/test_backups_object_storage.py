"""Backups of a site whose uploads are in S3-compatible object storage (UPLOADS_STORAGE=s3, as
with several app servers): `manage.py backup` puts the bucket's files in the archive, and
`manage.py restore` puts the bucket back as it was, each in a process of its own. The bucket is
served by moto's S3 server on loopback (a stand-in for AWS S3 or MinIO, reached over HTTP by
django-storages and boto3 as a real one is)."""

import json

import pytest

from tests.consultation.test_backups import Site, read_members
from tests.load.faults.running_site import free_port

boto3 = pytest.importorskip("boto3", reason='django-storages and boto3: pip install -e ".[s3]"')
moto_server = pytest.importorskip("moto.server", reason='moto: pip install -e ".[dev]"')

BUCKET = "consultation-uploads"
KEYS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


@pytest.fixture
def s3_endpoint():
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=free_port())
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    bucket = boto3.resource("s3", endpoint_url=endpoint, region_name="us-east-1", **KEYS)
    bucket.create_bucket(Bucket=BUCKET)
    yield endpoint, bucket.Bucket(BUCKET)
    server.stop()


def objects(bucket) -> dict[str, bytes]:
    return {item.key: item.get()["Body"].read() for item in bucket.objects.all()}


def test_a_site_with_its_uploads_in_object_storage_comes_back_whole(tmp_path, s3_endpoint):
    endpoint, bucket = s3_endpoint
    site = Site(tmp_path / "site", f"sqlite:///{tmp_path / 'site' / 'db.sqlite3'}")
    bucket_env = {
        "UPLOADS_STORAGE": "s3",
        "S3_BUCKET": BUCKET,
        "S3_ENDPOINT_URL": endpoint,
        "S3_REGION": "us-east-1",
        "S3_ACCESS_KEY_ID": "testing",
        "S3_SECRET_ACCESS_KEY": "testing",
        "S3_ADDRESSING_STYLE": "path",
        "ERASURE_LEDGER_PATH": str(tmp_path / "shared" / "erasure-ledger.jsonl"),
    }
    site.run = lambda *args, run=site.run, **env: run(*args, **bucket_env, **env)

    before = site.act("create")
    uploaded = objects(bucket)
    # The document under media/, the attachment under private/, which no grant opens.
    assert sorted(key.split("/")[0] for key in uploaded) == ["media", "private"]
    assert not site.files(), "nothing on the local disk"
    (attachment,) = [key for key in uploaded if key.startswith("private/")]
    grants = bucket.Object(attachment).Acl().grants
    assert all("AllUsers" not in str(grant["Grantee"]) for grant in grants)

    backups = tmp_path / "backups"
    site.manage("backup", "--output", backups)
    (archive,) = backups.glob("consultation-backup-*.tar.gz")
    manifest = json.loads(read_members(archive)["manifest.json"])
    assert manifest["media"]["files"] == manifest["private"]["files"] == 1

    # Damage: a file deleted, one overwritten, a stray one added, the rows changed.
    bucket.Object(attachment).delete()
    (document,) = [key for key in uploaded if key.startswith("media/")]
    bucket.put_object(Key=document, Body=b"overwritten")
    bucket.put_object(Key="private/stray.txt", Body=b"Not in the backup.")
    site.act("lineo_comments")

    site.manage("restore", archive, "--yes")
    assert objects(bucket) == uploaded
    assert site.act("snapshot") == before
