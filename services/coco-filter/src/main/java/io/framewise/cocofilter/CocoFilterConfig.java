package io.framewise.cocofilter;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** {@code framewise.coco-filter.*} settings; each can be set from the environment. */
@ConfigMapping(prefix = "framewise.coco-filter")
public interface CocoFilterConfig {

    /** Request files are objects under this prefix of the requests bucket, ending in .yaml, .yml or .json. */
    @WithDefault("coco-filter/")
    String requestFilesPrefix();

    /** A request file is a few lines; a larger object under the prefix is refused rather than read. */
    @WithDefault("1048576")
    long maxRequestFileBytes();

    /** Image copies and mask uploads in flight at once; also the number of threads doing them. */
    @WithDefault("8")
    int transfersInFlight();

    /**
     * Local folder for the input, the output and the masks of the request being processed (the input is
     * downloaded whole: the filter reads it twice); default: the JVM temp dir.
     */
    Optional<String> workDir();
}
