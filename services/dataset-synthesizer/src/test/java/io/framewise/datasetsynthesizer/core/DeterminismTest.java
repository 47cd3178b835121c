package io.framewise.datasetsynthesizer.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeterminismTest {

    private static final int SAMPLES = 120;

    @TempDir
    Path temp;

    @Test
    void sameSeedGivesByteIdenticalDatasetsOnOneAndTwoThreads() throws IOException {
        Map<String, byte[]> oneThread = write(temp.resolve("a"), 1, Fixtures.zoom(SAMPLES, 11));
        Map<String, byte[]> again = write(temp.resolve("b"), 1, Fixtures.zoom(SAMPLES, 11));
        Map<String, byte[]> twoThreads = write(temp.resolve("c"), 2, Fixtures.zoom(SAMPLES, 11));
        // two csv files plus one image per produced sample (a few may be skipped)
        assertThat(oneThread).containsKey(DirectorySink.LABELS).hasSizeGreaterThan(SAMPLES * 9 / 10);
        assertSameFiles(again, oneThread);
        assertSameFiles(twoThreads, oneThread);
    }

    @Test
    void anotherSeedGivesAnotherDataset() throws IOException {
        Map<String, byte[]> first = write(temp.resolve("a"), 2, Fixtures.zoom(40, 1));
        Map<String, byte[]> second = write(temp.resolve("b"), 2, Fixtures.zoom(40, 2));
        assertThat(second.get(DirectorySink.RECORDS)).isNotEqualTo(first.get(DirectorySink.RECORDS));
    }

    @Test
    void aResumedRunAfterACrashEqualsAnUnbrokenOne() throws IOException {
        Map<String, byte[]> unbroken = write(temp.resolve("unbroken"), 2, Fixtures.zoom(SAMPLES, 5));
        Path crashed = temp.resolve("crashed");
        write(crashed, 2, Fixtures.zoom(SAMPLES / 2, 5)); // the first half, then "a crash" tears a row
        Files.writeString(crashed.resolve(DirectorySink.LABELS), "images/999.png\t0.12",
                java.nio.file.StandardOpenOption.APPEND);
        int resumeAt = DirectorySink.resumeIndex(crashed);
        assertThat(resumeAt).isBetween(SAMPLES / 2 - 5, SAMPLES / 2);
        try (DirectorySink sink = new DirectorySink(crashed, "png")) {
            AssessorSynthesis.run(Fixtures.inputs(), Fixtures.zoom(SAMPLES, 5), 2, sink, resumeAt);
        }
        assertSameFiles(files(crashed), unbroken);
    }

    @Test
    void labelsFileHasPathAndIouWithFourDecimals() throws IOException {
        write(temp.resolve("d"), 1, Fixtures.zoom(20, 3));
        assertThat(Files.readAllLines(temp.resolve("d").resolve(DirectorySink.LABELS)))
                .allSatisfy(line -> assertThat(line).matches("images/\\d+\\.png\t[01]\\.\\d{4}"));
    }

    private Map<String, byte[]> write(Path root, int threads, SynthesisOptions options) throws IOException {
        try (DirectorySink sink = new DirectorySink(root, "png")) {
            AssessorSynthesis.run(Fixtures.inputs(), options, threads, sink, 0);
        }
        return files(root);
    }

    private static Map<String, byte[]> files(Path root) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(path).toString(), Files.readAllBytes(path));
            }
        }
        return files;
    }

    private static void assertSameFiles(Map<String, byte[]> actual, Map<String, byte[]> expected) {
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach((name, bytes) -> assertThat(actual.get(name)).as(name).isEqualTo(bytes));
    }
}
