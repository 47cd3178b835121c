package io.framewise.videoannotator;

import static org.assertj.core.api.Assertions.assertThat;

import io.framewise.common.model.ModelSpec;
import io.framewise.common.model.Predictor;
import io.framewise.common.model.detector.Detection;
import io.framewise.common.model.keypoints.Keypoint;
import io.framewise.events.FrameDetections;
import io.framewise.schemas.codec.EventCodec;
import io.framewise.videoannotator.core.AnnotatedFrame;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Detections as published in {@code FrameDetections}: a pose's keypoints named by part, none for a box model. */
class DetectionMessageTest {

    private static final List<String> PARTS = List.of("nose", "left_ear", "right_ear", "tail");

    private static LoadedModel model(String family) {
        ModelSpec spec = new ModelSpec(family, Map.of(), List.of("animal"));
        Predictor predictor = new Predictor() {
            @Override
            public ModelSpec spec() {
                return spec;
            }

            @Override
            public List<List<Detection>> predict(List<BufferedImage> images, float minScore, double nmsIou, int max) {
                return List.of();
            }

            @Override
            public void close() {
            }
        };
        return new LoadedModel("m", "run-1", "v1", predictor, Path.of("unused"));
    }

    @Test
    void aPosesKeypointsArePublishedByPartAndSurviveTheCodec() {
        Detection pose = new Detection(0, 0, 64, 48, 0, 0.5, List.of(new Keypoint(10.5, 20.25, 0.9),
                new Keypoint(5, 6, 0.4), new Keypoint(7, 8, 0.1), new Keypoint(30, 40, 0.6)));
        FrameDetections message = AnnotationService.message("id-1", new AnnotatedFrame(3, 120_000, 64, 48, List.of(pose),
                false), model("stacked-hourglass"), List.of("animal"), PARTS, null);
        FrameDetections decoded = EventCodec.standard().decode(EventCodec.standard().encode(message), FrameDetections.class);

        io.framewise.events.Detection d = decoded.getDetections().get(0);
        assertThat(d.getLabel()).isEqualTo("animal");
        assertThat(d.getScore()).isEqualTo(0.5f);
        assertThat(d.getAssessorScore()).isNull();
        assertThat(d.getKeypoints()).hasSize(4);
        assertThat(d.getKeypoints()).extracting(k -> k.getPart().toString()).containsExactlyElementsOf(PARTS);
        io.framewise.events.Keypoint nose = d.getKeypoints().get(0);
        assertThat(nose.getX()).isEqualTo(10.5f);
        assertThat(nose.getY()).isEqualTo(20.25f);
        assertThat(nose.getScore()).isEqualTo(0.9f);
        assertThat(d.getKeypoints().get(3).getScore()).isEqualTo(0.6f);
    }

    @Test
    void aBoxModelsDetectionsHaveNoKeypoints() {
        Detection box = new Detection(4, 5, 20, 30, 0, 0.8);
        io.framewise.events.Detection d = AnnotationService.detection(box, List.of("square"), List.of(), true);
        assertThat(d.getKeypoints()).isNull();
        assertThat(d.getAssessorScore()).isEqualTo(0.8f);
        assertThat(d.getBox().getWidth()).isEqualTo(20.0);
        FrameDetections message = AnnotationService.message("id-2", new AnnotatedFrame(0, 0, 64, 48, List.of(box), false),
                model("one-stage-detector"), List.of("square"), List.of(), "a.png");
        FrameDetections decoded = EventCodec.standard().decode(EventCodec.standard().encode(message), FrameDetections.class);
        assertThat(decoded.getDetections().get(0).getKeypoints()).isNull();
        assertThat(decoded.getDetections().get(0).getAssessorScore()).isNull();
    }
}
