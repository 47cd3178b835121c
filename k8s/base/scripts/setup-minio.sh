#!/bin/sh
# Creates Framewise's buckets in MinIO, the services' own user, and the bucket-event rules that make MinIO
# publish new and removed objects of the watched buckets (videos, requests) to its Kafka notification target,
# i.e. the bucket-events topic. Idempotent. Used by docker-compose's minio-init and the Kubernetes Job
# minio-setup (image minio/mc). Needs MINIO_URL, MINIO_ROOT_USER, MINIO_ROOT_PASSWORD,
# FRAMEWISE_STORE_ACCESS_KEY, FRAMEWISE_STORE_SECRET_KEY; MINIO_KAFKA_TARGET_ID names the target
# configured on the MinIO server (MINIO_NOTIFY_KAFKA_*_<ID>), PRIMARY by default.
set -eu
: "${MINIO_URL:?}" "${MINIO_ROOT_USER:?}" "${MINIO_ROOT_PASSWORD:?}"
: "${FRAMEWISE_STORE_ACCESS_KEY:?}" "${FRAMEWISE_STORE_SECRET_KEY:?}"
TARGET="arn:minio:sqs::${MINIO_KAFKA_TARGET_ID:-PRIMARY}:kafka"

i=0
until mc alias set store "$MINIO_URL" "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD" >/dev/null 2>&1; do
  i=$((i + 1)); [ "$i" -gt 60 ] && { echo "MinIO at $MINIO_URL does not answer"; exit 1; }
  echo "waiting for MinIO at $MINIO_URL ($i/60)"; sleep 5
done

for bucket in videos inputs requests datasets runs annotated; do
  mc mb --ignore-existing "store/$bucket"
done

# The services' credentials: read and write on every bucket, nothing else.
mc admin user add store "$FRAMEWISE_STORE_ACCESS_KEY" "$FRAMEWISE_STORE_SECRET_KEY"
mc admin policy attach store readwrite --user "$FRAMEWISE_STORE_ACCESS_KEY" 2>/dev/null || true

# Bucket events: training videos (train/) and videos to annotate (inference/) in videos, request files in requests.
for bucket in videos requests; do
  if mc event ls "store/$bucket" "$TARGET" 2>/dev/null | grep -q "$TARGET"; then
    echo "store/$bucket already publishes to $TARGET"
  else
    mc event add "store/$bucket" "$TARGET" --event put,delete
  fi
done
mc event ls store/videos
mc event ls store/requests
echo "MinIO ready"
