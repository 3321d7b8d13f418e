"""Local stand-ins for production services: an S3-compatible endpoint (moto's server mode)."""

import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

MOTO_PORT = int(os.environ.get("TEST_S3_PORT", "8861"))


def wait_for_port(port, timeout=30.0, process=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"process on port {port} exited with {process.returncode}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port}")


@pytest.fixture(scope="session")
def s3_endpoint():
    """moto's S3 server on loopback for the whole session; skipped if moto is not installed."""
    moto = shutil.which("moto_server") or str(Path(sys.executable).parent / "moto_server")
    if not Path(moto).exists():
        pytest.skip("moto[server] is not installed")
    process = subprocess.Popen(
        [moto, "-H", "127.0.0.1", "-p", str(MOTO_PORT)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(MOTO_PORT, process=process)
        yield f"http://127.0.0.1:{MOTO_PORT}"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def bucket_env(s3_endpoint):
    """The environment variables of a fresh bucket on the local endpoint."""
    import boto3

    name = f"prospect-{uuid.uuid4().hex[:12]}"
    env = {
        "STORAGE_BUCKET": name,
        "STORAGE_ENDPOINT_URL": s3_endpoint,
        "STORAGE_REGION": "us-east-1",
        "STORAGE_ACCESS_KEY_ID": "testing",
        "STORAGE_SECRET_ACCESS_KEY": "testing",
    }
    s3 = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    s3.create_bucket(Bucket=name)
    s3.put_bucket_policy(Bucket=name, Policy=public_renditions_policy(name))
    return env


def public_renditions_policy(bucket):
    """The bucket policy docs/deploy.md prescribes: anyone may read renditions, nothing else."""
    import json

    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "PublicRenditions",
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": f"arn:aws:s3:::{bucket}/renditions/*",
                }
            ],
        }
    )


@pytest.fixture
def object_storage(settings, bucket_env):
    """Media on the local S3 endpoint for one test, configured as production configures it."""
    from prospect.objectstorage import storage_from_env

    settings.STORAGES = {**settings.STORAGES, "default": storage_from_env(bucket_env)}
    return bucket_env
