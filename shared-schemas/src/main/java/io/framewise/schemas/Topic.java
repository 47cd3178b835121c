package io.framewise.schemas;

import io.framewise.events.AnnotationRequest;
import io.framewise.events.CheckpointSaved;
import io.framewise.events.CocoFilterRequest;
import io.framewise.events.CocoFiltered;
import io.framewise.events.DatasetSynthesized;
import io.framewise.events.EvaluationRequest;
import io.framewise.events.EvaluationResults;
import io.framewise.events.ExtractionRequest;
import io.framewise.events.FrameDetections;
import io.framewise.events.FramesExtracted;
import io.framewise.events.JobFailed;
import io.framewise.events.ModelPromoted;
import io.framewise.events.SynthesisRequest;
import io.framewise.events.TrainingCompleted;
import io.framewise.events.TrainingControl;
import io.framewise.events.TrainingProgress;
import io.framewise.events.TrainingRequest;
import io.framewise.events.VideoAnnotated;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * The topic catalogue: every topic of the pipeline, its partition count and what it carries.
 * Services name topics in their application.properties; a test checks those names against this list.
 */
public enum Topic {
    /** S3 event JSON in MinIO's notification format, written by MinIO or by the bucket-event bridge. */
    BUCKET_EVENTS("bucket-events", 4, Format.S3_EVENT_JSON, null),
    /** The bridge's record of which object versions it has announced (compacted). */
    BRIDGE_STATE("bucket-events.bridge-state", 1, Format.BRIDGE_STATE, null, true),

    EXTRACTION_REQUESTS("extraction.requests", 4, ExtractionRequest.class),
    FRAMES_EXTRACTED("frames.extracted", 4, FramesExtracted.class),
    SYNTHESIS_REQUESTS("synthesis.requests", 4, SynthesisRequest.class),
    DATASET_SYNTHESIZED("dataset.synthesized", 4, DatasetSynthesized.class),
    COCO_FILTER_REQUESTS("coco-filter.requests", 4, CocoFilterRequest.class),
    COCO_FILTERED("coco.filtered", 4, CocoFiltered.class),
    /** Partitions bound how many trainer replicas work in parallel. */
    TRAINING_REQUESTS("training.requests", 8, TrainingRequest.class),
    TRAINING_CONTROL("training.control", 8, TrainingControl.class),
    TRAINING_PROGRESS("training.progress", 4, TrainingProgress.class),
    CHECKPOINT_SAVED("checkpoint.saved", 4, CheckpointSaved.class),
    TRAINING_COMPLETED("training.completed", 4, TrainingCompleted.class),
    EVALUATION_REQUESTS("evaluation.requests", 4, EvaluationRequest.class),
    EVALUATION_RESULTS("evaluation.results", 4, EvaluationResults.class),
    MODELS_PROMOTED("models.promoted", 4, ModelPromoted.class),
    ANNOTATION_REQUESTS("annotation.requests", 4, AnnotationRequest.class),
    DETECTIONS("detections", 4, FrameDetections.class),
    VIDEO_ANNOTATED("video.annotated", 4, VideoAnnotated.class),
    /** Requests that could not be carried out, with the reason. */
    JOBS_FAILED("jobs.failed", 4, JobFailed.class),
    /** Messages no service could process, as they arrived, with the reason in headers. */
    DEAD_LETTERS("dead-letters", 1, Format.RAW, null);

    public enum Format { AVRO, S3_EVENT_JSON, BRIDGE_STATE, RAW }

    private final String topicName;
    private final int partitions;
    private final Format format;
    private final Class<? extends SpecificRecord> eventType;
    private final boolean compacted;

    Topic(String topicName, int partitions, Class<? extends SpecificRecord> eventType) {
        this(topicName, partitions, Format.AVRO, eventType, false);
    }

    Topic(String topicName, int partitions, Format format, Class<? extends SpecificRecord> eventType) {
        this(topicName, partitions, format, eventType, false);
    }

    Topic(String topicName, int partitions, Format format, Class<? extends SpecificRecord> eventType,
            boolean compacted) {
        this.topicName = topicName;
        this.partitions = partitions;
        this.format = format;
        this.eventType = eventType;
        this.compacted = compacted;
    }

    public String topicName() {
        return topicName;
    }

    public int partitions() {
        return partitions;
    }

    public Format format() {
        return format;
    }

    /** The Avro event type carried, for {@link Format#AVRO} topics. */
    public Optional<Class<? extends SpecificRecord>> eventType() {
        return Optional.ofNullable(eventType);
    }

    /** Topic-level configuration to create the topic with. */
    public Map<String, String> config() {
        return compacted ? Map.of("cleanup.policy", "compact") : Map.of();
    }

    public static Optional<Topic> byName(String name) {
        return Arrays.stream(values()).filter(t -> t.topicName.equals(name)).findFirst();
    }
}
