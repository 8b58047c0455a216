"""Files in S3-compatible object storage (several application servers share one store),
encrypted before they leave the application. The store is moto's S3 server on loopback (no
MinIO server is packaged on PyPI or in Debian; the `minio` package is a client only)."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

moto_server = pytest.importorskip("moto.server")
boto3 = pytest.importorskip("boto3")
pytest.importorskip("storages.backends.s3")

SECRET = "Nguyễn Văn Hùng tố cáo ông A nhận hối lộ".encode()


@pytest.fixture(scope="module")
def s3_endpoint():
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings):
    client = boto3.client("s3", endpoint_url=s3_endpoint, aws_access_key_id="test",
                          aws_secret_access_key="test", region_name="us-east-1")
    client.create_bucket(Bucket="oversight-test")
    settings.OBJECT_STORAGE = {"bucket": "oversight-test", "endpoint_url": s3_endpoint,
                               "access_key": "test", "secret_key": "test",
                               "region": "us-east-1"}
    yield client
    for item in client.list_objects_v2(Bucket="oversight-test").get("Contents", []):
        client.delete_object(Bucket="oversight-test", Key=item["Key"])


def test_saved_encrypted_read_back_plain(bucket):
    from oversight.core.encrypted_storage import MAGIC, encrypted_storage

    storage = encrypted_storage()
    assert type(storage).__name__ == "EncryptedS3Storage"
    name = storage.save("evidence/2025/statement.txt", ContentFile(SECRET))
    stored = bucket.get_object(Bucket="oversight-test", Key=name)["Body"].read()
    assert stored.startswith(MAGIC) and SECRET not in stored  # encrypted before it left
    assert storage.open(name).read() == SECRET
    assert storage.size(name) == len(SECRET) and storage.exists(name)
    storage.delete(name)
    assert not storage.exists(name)


def test_a_petition_attachment_goes_to_the_store(bucket, db, monkeypatch):
    """The field's storage is chosen when the models load (settings are fixed at startup in
    production); here it is set as a server started with OVERSIGHT_S3_BUCKET would have it."""
    from oversight.core.encrypted_storage import encrypted_storage
    from oversight.petitions.models import PetitionAttachment

    monkeypatch.setattr(PetitionAttachment._meta.get_field("file"), "storage",
                        encrypted_storage())
    import datetime as dt

    from oversight.petitions import actions
    from oversight.units.models import Unit

    petition = actions.create_petition(
        by=None, unit=Unit.objects.get(code="nghe_an"), kind="complaint",
        received_on=dt.date(2025, 3, 3), subject="Khiếu nại", content="Nội dung",
        petitioner={"name": "Nguyễn Văn Hùng"})
    attachment = PetitionAttachment(petition=petition)
    attachment.file.save("statement.txt", ContentFile(SECRET), save=False)
    keys = [o["Key"] for o in bucket.list_objects_v2(Bucket="oversight-test")["Contents"]]
    assert attachment.file.name in keys
    assert attachment.file.open().read() == SECRET


def test_local_disk_stays_the_default(settings):
    from oversight.core.encrypted_storage import encrypted_storage

    settings.OBJECT_STORAGE = None
    assert type(encrypted_storage()).__name__ == "EncryptedFileSystemStorage"
