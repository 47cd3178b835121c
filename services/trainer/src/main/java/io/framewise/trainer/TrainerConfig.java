package io.framewise.trainer;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** {@code framewise.trainer.*} settings; each can be set from the environment. */
@ConfigMapping(prefix = "framewise.trainer")
public interface TrainerConfig {

    /** The consumer group of training requests: replicas in one group run different requests in parallel. */
    @WithDefault("trainer")
    String group();

    /**
     * How long the broker waits for a silent replica (killed, or its node lost) before giving its partitions, and
     * so its runs, to another replica: shorter than Kafka's 45 s default, so a crashed trainer's run resumes soon.
     */
    @WithDefault("10000")
    int sessionTimeoutMs();

    /** Request files are objects under this prefix of the requests bucket, ending in .yaml, .yml or .json. */
    @WithDefault("trainer/")
    String requestFilesPrefix();

    @WithDefault("1048576")
    long maxRequestFileBytes();

    /** Local folder for a run's scratch files (checkpoints before upload); default: the JVM temp dir. */
    Optional<String> workDir();

    /** Local cache of training images downloaded from the store; default: {@code <work dir>/image-cache}. */
    Optional<String> cacheDir();

    /** How long a stopping trainer waits for the running run's checkpoint before it exits anyway. */
    @WithDefault("PT2M")
    java.time.Duration checkpointGrace();
}
