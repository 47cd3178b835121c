package io.framewise.videoannotator;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** {@code framewise.video-annotator.*} settings; each can be set from the environment. */
@ConfigMapping(prefix = "framewise.video-annotator")
public interface AnnotatorConfig {

    /** Videos under this prefix of the videos bucket are annotated as they arrive. */
    @WithDefault("inference/")
    String inferencePrefix();

    /** The model name used when a request names none (and for dropped videos); default: the newest promoted model. */
    Optional<String> modelName();

    @WithDefault("0.3")
    float minScore();

    @WithDefault("0.5")
    double nmsIou();

    @WithDefault("100")
    int maxDetections();

    /** Longest side of annotated videos; 0 keeps the source's size. */
    @WithDefault("0")
    int maxSide();

    /** Frames per inference batch. */
    @WithDefault("4")
    int batchSize();

    /** Frames waiting between the decoding, inference and encoding threads, per queue. */
    @WithDefault("16")
    int queueCapacity();

    /** LoANs models: boxes below this assessor score are drawn dashed (or hidden). */
    @WithDefault("0.5")
    float assessorThreshold();

    @WithDefault("false")
    boolean hideBelowAssessor();

    /** Local folder for videos and models being processed; default: the JVM temp dir. */
    Optional<String> workDir();
}
