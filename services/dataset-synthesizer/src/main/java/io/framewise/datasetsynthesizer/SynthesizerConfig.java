package io.framewise.datasetsynthesizer;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** {@code framewise.dataset-synthesizer.*} settings; each can be set from the environment. */
@ConfigMapping(prefix = "framewise.dataset-synthesizer")
public interface SynthesizerConfig {

    /** Request files are objects under this prefix of the requests bucket, ending in .yaml, .yml or .json. */
    @WithDefault("dataset-synthesizer/")
    String requestFilesPrefix();

    /** A request file is a few lines; a larger object under the prefix is refused rather than read. */
    @WithDefault("1048576")
    long maxRequestFileBytes();

    /** Threads drawing samples; 0 means one per available processor. */
    @WithDefault("0")
    int threads();

    /** Sample images being encoded and uploaded at once; the synthesis waits when that many are pending. */
    @WithDefault("16")
    int uploadsInFlight();

    /**
     * Progress is checkpointed in the store after this many sample indices (or {@link #checkpointSeconds()},
     * whichever comes first); a restarted job continues from the last checkpoint.
     */
    @WithDefault("500")
    int checkpointSamples();

    @WithDefault("10")
    int checkpointSeconds();

    /** Detection datasets: templates pasted per image, at most. */
    @WithDefault("3")
    int maxTemplatesPerImage();

    /** An input image declaring more pixels than this is refused before decoding (image bombs). */
    @WithDefault("50000000")
    long maxInputPixels();

    /** An input object (image or base boxes) larger than this is refused before downloading. */
    @WithDefault("67108864")
    long maxInputBytes();

    /** Backgrounds plus templates in one request, at most (all are held decoded in memory during a run). */
    @WithDefault("2000")
    int maxInputImages();

    /** Local folder for the inputs and index files of the request being processed; default: the JVM temp dir. */
    Optional<String> workDir();
}
