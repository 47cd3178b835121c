package io.framewise.evaluator;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** {@code framewise.evaluator.*} settings; each can be set from the environment. */
@ConfigMapping(prefix = "framewise.evaluator")
public interface EvaluatorConfig {

    /** Detections below this score are not kept (COCO evaluation wants the low ones too). */
    @WithDefault("0.01")
    float minScore();

    /** Detections per image at most, as COCO's maxDets. */
    @WithDefault("100")
    int maxDetections();

    @WithDefault("0.5")
    double nmsIou();

    /** IoU threshold of the VOC and localization numbers for checkpoints evaluated automatically. */
    @WithDefault("0.5")
    double iouThreshold();

    /** Images predicted at once. */
    @WithDefault("8")
    int batchSize();

    /** Draw every evaluated image with its predicted and true boxes into the run folder. */
    @WithDefault("false")
    boolean savePredictions();

    /**
     * Evaluate checkpoints again even when they have a record: with this set, resetting the {@code evaluator}
     * group's offsets on {@code checkpoint.saved} re-evaluates everything.
     */
    @WithDefault("false")
    boolean reEvaluate();

    /** Local folder for downloaded checkpoints and ground truths; default: the JVM temp dir. */
    Optional<String> workDir();
}
