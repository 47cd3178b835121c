package io.framewise.frameextractor;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** {@code framewise.frame-extractor.*} settings; each can be set from the environment. */
@ConfigMapping(prefix = "framewise.frame-extractor")
public interface ExtractorConfig {

    /** Longest side of extracted frames, unless a dataset or request says otherwise. */
    @WithDefault("512")
    int maxSide();

    @WithDefault("0.9")
    float jpegQuality();

    /** JPEG encoder threads. */
    @WithDefault("2")
    int encodeThreads();

    /** Frame uploads in flight at once; also the number of upload threads. */
    @WithDefault("12")
    int uploadsInFlight();

    /** Videos under this prefix of the videos bucket are training videos: {@code train/<dataset>/<file>}. */
    @WithDefault("train/")
    String trainPrefix();

    /** Where frames datasets are written, in the datasets bucket. */
    @WithDefault("frames/")
    String framesPrefix();

    /** Local folder for the video being processed (one video at a time per consumer); default: the JVM temp dir. */
    Optional<String> workDir();
}
