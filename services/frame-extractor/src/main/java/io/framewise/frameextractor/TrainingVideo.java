package io.framewise.frameextractor;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A training video found in the videos bucket: {@code train/<dataset>/<name>} where name may contain
 * sub-folders. Objects elsewhere, or without a video extension, are not training videos and are ignored.
 */
record TrainingVideo(String dataset, String name) {

    static final Set<String> VIDEO_EXTENSIONS = Set.of("mp4", "m4v", "mov", "mkv", "webm", "avi", "mpg", "mpeg", "ts",
            "mts", "flv", "wmv", "3gp", "ogv");

    static Optional<TrainingVideo> fromKey(String key, String trainPrefix) {
        if (!key.startsWith(trainPrefix) || !isVideo(key)) {
            return Optional.empty();
        }
        String rest = key.substring(trainPrefix.length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new TrainingVideo(rest.substring(0, slash), rest.substring(slash + 1)));
    }

    static boolean isVideo(String key) {
        int dot = key.lastIndexOf('.');
        return dot > key.lastIndexOf('/') && VIDEO_EXTENSIONS.contains(key.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
