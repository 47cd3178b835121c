#!/usr/bin/env bash
# Creates Framewise's Kafka topics (idempotent), with the partition counts of the topic catalogue
# (shared-schemas/.../Topic.java; deploy/checks compares the two). Used by docker-compose's kafka-init and by
# the Kubernetes Job kafka-topics. Needs KAFKA_BOOTSTRAP_SERVERS; TRAINING_REQUEST_PARTITIONS raises the
# partitions of training.requests (the most trainer replicas that can work at once), never lowers them.
set -euo pipefail
: "${KAFKA_BOOTSTRAP_SERVERS:?set KAFKA_BOOTSTRAP_SERVERS}"
KAFKA_BIN="${KAFKA_BIN:-/opt/kafka/bin}"
REPLICATION="${TOPIC_REPLICATION_FACTOR:-1}"
TRAINING="${TRAINING_REQUEST_PARTITIONS:-8}"

topics="
bucket-events 4
extraction.requests 4
frames.extracted 4
synthesis.requests 4
dataset.synthesized 4
coco-filter.requests 4
coco.filtered 4
training.requests $TRAINING
training.control 8
training.progress 4
checkpoint.saved 4
training.completed 4
evaluation.requests 4
evaluation.results 4
models.promoted 4
annotation.requests 4
detections 4
video.annotated 4
jobs.failed 4
dead-letters 1
"

for attempt in $(seq 1 60); do
  if "$KAFKA_BIN/kafka-topics.sh" --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" --list >/dev/null 2>&1; then break; fi
  echo "waiting for Kafka at $KAFKA_BOOTSTRAP_SERVERS ($attempt/60)"; sleep 5
done

echo "$topics" | while read -r name partitions; do
  [ -z "$name" ] && continue
  "$KAFKA_BIN/kafka-topics.sh" --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" --create --if-not-exists \
    --topic "$name" --partitions "$partitions" --replication-factor "$REPLICATION"
  current=$("$KAFKA_BIN/kafka-topics.sh" --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" --describe --topic "$name" \
    | sed -n 's/.*PartitionCount: *\([0-9]*\).*/\1/p' | head -1)
  if [ -n "$current" ] && [ "$current" -lt "$partitions" ]; then
    echo "$name: $current partitions, raising to $partitions"
    "$KAFKA_BIN/kafka-topics.sh" --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" --alter --topic "$name" --partitions "$partitions"
  fi
done
echo "topics ready"
