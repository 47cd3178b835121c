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
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/** Every event type that travels on a topic. A new event type is added here and in {@link Topic}. */
public final class EventCatalog {

    public static final List<Class<? extends SpecificRecord>> EVENT_TYPES = List.of(
            ExtractionRequest.class, FramesExtracted.class,
            SynthesisRequest.class, DatasetSynthesized.class,
            CocoFilterRequest.class, CocoFiltered.class,
            TrainingRequest.class, TrainingControl.class, TrainingProgress.class,
            CheckpointSaved.class, TrainingCompleted.class,
            EvaluationRequest.class, EvaluationResults.class, ModelPromoted.class,
            AnnotationRequest.class, FrameDetections.class, VideoAnnotated.class,
            JobFailed.class);

    private EventCatalog() {
    }

    public static Schema schemaOf(Class<? extends SpecificRecord> type) {
        return SpecificData.get().getSchema(type);
    }
}
