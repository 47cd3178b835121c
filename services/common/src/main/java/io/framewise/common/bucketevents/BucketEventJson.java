package io.framewise.common.bucketevents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.framewise.schemas.codec.UndecodableEventException;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The S3 event JSON that MinIO's Kafka notification target writes: {@code EventName}, {@code Key}
 * ({@code bucket/key}) and {@code Records}, each record in the AWS S3 event structure with
 * {@code eventSource "minio:s3"} and the object key URL-encoded. The bridge writes this form and every
 * service reads it, so a MinIO deployment and the embedded stack look the same to the services.
 */
public final class BucketEventJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** MinIO writes event times in UTC with milliseconds. */
    private static final DateTimeFormatter EVENT_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private BucketEventJson() {
    }

    public static byte[] write(BucketEvent event) {
        ObjectNode root = JSON.createObjectNode();
        root.put("EventName", event.eventName());
        root.put("Key", event.bucket() + "/" + event.key());
        ArrayNode records = root.putArray("Records");
        ObjectNode record = records.addObject();
        record.put("eventVersion", "2.0");
        record.put("eventSource", "minio:s3");
        record.put("awsRegion", "");
        record.put("eventTime", EVENT_TIME.format(event.eventTime()));
        record.put("eventName", event.eventName());
        record.putObject("userIdentity").put("principalId", "framewise-bridge");
        record.putObject("requestParameters").put("principalId", "framewise-bridge").put("region", "").put("sourceIPAddress", "");
        record.putObject("responseElements");
        ObjectNode s3 = record.putObject("s3");
        s3.put("s3SchemaVersion", "1.0");
        s3.put("configurationId", "Config");
        ObjectNode bucket = s3.putObject("bucket");
        bucket.put("name", event.bucket());
        bucket.putObject("ownerIdentity").put("principalId", "framewise-bridge");
        bucket.put("arn", "arn:aws:s3:::" + event.bucket());
        ObjectNode object = s3.putObject("object");
        object.put("key", URLEncoder.encode(event.key(), StandardCharsets.UTF_8));
        if (event.isCreated()) {
            object.put("size", event.size());
            object.put("eTag", event.eTag());
            object.put("contentType", event.contentType() == null ? "application/octet-stream" : event.contentType());
            object.putObject("userMetadata");
        }
        object.put("sequencer", event.sequencer());
        ObjectNode source = record.putObject("source");
        source.put("host", "");
        source.put("port", "");
        source.put("userAgent", "framewise-bucket-event-bridge");
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads every record of a MinIO/S3 event message; refuses anything else with the reason. */
    public static List<BucketEvent> read(byte[] message) {
        if (message == null) {
            throw new UndecodableEventException("bucket event without a value");
        }
        JsonNode root;
        try {
            root = JSON.readTree(message);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UndecodableEventException("bucket event is not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UndecodableEventException("bucket event cannot be read: " + e.getMessage(), e);
        }
        JsonNode records = root == null ? null : root.get("Records");
        if (records == null || !records.isArray() || records.isEmpty()) {
            throw new UndecodableEventException("bucket event has no Records array: not an S3 event notification");
        }
        List<BucketEvent> events = new ArrayList<>();
        for (JsonNode record : records) {
            String eventName = text(record, "eventName");
            JsonNode object = record.path("s3").path("object");
            String bucket = text(record.path("s3").path("bucket"), "name");
            String key = URLDecoder.decode(text(object, "key"), StandardCharsets.UTF_8);
            Instant time;
            try {
                time = Instant.parse(text(record, "eventTime"));
            } catch (DateTimeParseException e) {
                throw new UndecodableEventException("bucket event has a malformed eventTime: " + record.get("eventTime"));
            }
            events.add(new BucketEvent(eventName.startsWith("s3:") ? eventName : "s3:" + eventName, bucket, key,
                    object.path("size").asLong(0), object.path("eTag").asText(null),
                    object.path("contentType").asText(null), time, object.path("sequencer").asText(null)));
        }
        return events;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new UndecodableEventException("bucket event lacks '" + field + "'");
        }
        return value.asText();
    }
}
