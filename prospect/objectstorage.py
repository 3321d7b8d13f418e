"""The default storage for S3-compatible object stores (AWS S3, MinIO, Cloudflare R2, …).

Read from environment variables by settings.py; a function so tests build the very same
configuration against their local endpoint.
"""


def storage_from_env(environ):
    """The STORAGES["default"] entry for the bucket named in ``environ``, or None for none."""
    bucket = environ.get("STORAGE_BUCKET", "")
    if not bucket:
        if environ.get("STORAGE_ENDPOINT_URL"):
            raise ValueError("STORAGE_ENDPOINT_URL is set but STORAGE_BUCKET is not.")
        return None
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": environ.get("STORAGE_ENDPOINT_URL") or None,
            "region_name": environ.get("STORAGE_REGION") or None,
            "access_key": environ.get("STORAGE_ACCESS_KEY_ID") or None,
            "secret_key": environ.get("STORAGE_SECRET_ACCESS_KEY") or None,
            "custom_domain": environ.get("STORAGE_PUBLIC_DOMAIN") or None,
            # Plain URLs (no expiring signature), so pages can be cached; the bucket policy
            # makes renditions/ public and nothing else (docs/deploy.md).
            "querystring_auth": False,
            "file_overwrite": False,
            # Every name is random or content-hashed, so a stored file never changes.
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
            # An unreachable store fails a request (and /readyz) in seconds, not minutes.
            "client_config": _client_config(environ.get("STORAGE_ADDRESSING_STYLE", "path")),
        },
    }


def _client_config(addressing_style):
    from botocore.config import Config

    return Config(
        s3={"addressing_style": addressing_style},  # "path" suits MinIO and local endpoints
        signature_version="s3v4",
        connect_timeout=5,
        read_timeout=30,
        retries={"max_attempts": 3, "mode": "standard"},
    )
