package io.framewise.datasetsynthesizer;

import io.framewise.datasetsynthesizer.core.CocoDirectorySink;
import io.framewise.datasetsynthesizer.core.DirectorySink;
import io.framewise.events.DatasetKind;
import io.framewise.events.ObjectRef;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a synthesized dataset's objects go under its output prefix (which ends in '/'):
 *
 * <pre>
 * images/&lt;index&gt;.png          one per sample, as the offline synthesize-files writes them
 * images.csv, samples.tsv       assessor: labels (path TAB IoU) and per-sample boxes
 * instances.json                detection: COCO instances
 * _synthesized.json             the completion marker ({@link CompletionMarker})
 * _progress/state.json          while a job runs: the settings and inputs it is for
 * _progress/part-S-E.tsv        while a job runs: the index rows of samples S..E-1, all of whose images are stored
 * </pre>
 */
final class DatasetLayout {

    static final String IMAGE_FORMAT = "png";
    static final String MARKER = "_synthesized.json";
    static final String PROGRESS = "_progress/";
    static final String STATE = PROGRESS + "state.json";
    private static final Pattern PART = Pattern.compile("part-(\\d{10})-(\\d{10})\\.tsv");
    private static final Pattern IMAGE = Pattern.compile("images/\\d+\\." + IMAGE_FORMAT);

    private final ObjectRef output;

    DatasetLayout(ObjectRef output) {
        this.output = output;
    }

    String bucket() {
        return output.getBucket();
    }

    String prefix() {
        return output.getKey();
    }

    String key(String relative) {
        return output.getKey() + relative;
    }

    String imageKey(int index) {
        return key(DirectorySink.imagePath(index, IMAGE_FORMAT));
    }

    /** True for keys under the prefix that a synthesis writes as images ({@code images/<digits>.png}). */
    boolean isImage(String key) {
        return key.startsWith(output.getKey()) && IMAGE.matcher(key.substring(output.getKey().length())).matches();
    }

    String indexKey(DatasetKind kind) {
        return key(kind == DatasetKind.DETECTION ? CocoDirectorySink.INSTANCES : DirectorySink.LABELS);
    }

    ObjectRef index(DatasetKind kind) {
        return new ObjectRef(output.getBucket(), indexKey(kind));
    }

    String recordsKey() {
        return key(DirectorySink.RECORDS);
    }

    String markerKey() {
        return key(MARKER);
    }

    String stateKey() {
        return key(STATE);
    }

    String progressPrefix() {
        return key(PROGRESS);
    }

    String partKey(int start, int end) {
        return key(PROGRESS + String.format(Locale.ROOT, "part-%010d-%010d.tsv", start, end));
    }

    /** The index range {start, end} of a part key, or empty for another key. */
    Optional<int[]> partRange(String key) {
        Matcher m = PART.matcher(key.substring(key.lastIndexOf('/') + 1));
        if (!key.startsWith(progressPrefix()) || !m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))});
    }
}
