package io.framewise.trainer.core.gaze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.framewise.trainer.core.ImageSource;
import io.framewise.trainer.core.InvalidDatasetException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The VideoAttentionTarget layout: rows, headers, frame names as written, mixed image formats, errors, concat, chunks. */
class GazeDatasetTest {

    private static final int RED = 0xff0000;
    private static final int GREEN = 0x00c000;
    private static final int BLUE = 0x0000ff;

    /** Two shows; clip c1 has a JPEG, a PNG and a PPM frame, two tracks (one with a header row). */
    private static Path sample(Path root) throws IOException {
        GazeImages.write(root.resolve("images/showA/c1/00001.jpg"), 32, 24, RED);
        GazeImages.write(root.resolve("images/showA/c1/00002.png"), 32, 24, GREEN);
        GazeImages.write(root.resolve("images/showA/c1/00003.ppm"), 32, 24, BLUE);
        GazeImages.write(root.resolve("images/showB/c9/7.png"), 16, 16, GREEN);
        write(root.resolve("annotations/train/showA/c1/s01.txt"), """
                frame,xmin,ymin,xmax,ymax,gaze_x,gaze_y
                00001.jpg,1,2,11,12,20,5

                00002,1.5,2,11,12.25,-1,-1
                00003,2,2,12,12,0,0
                """);
        write(root.resolve("annotations/train/showA/c1/s00.txt"), "00003.ppm, 3, 4, 13, 14, 30.5, 22\r\n00001,3,4,13,14,-1,-1\r\n");
        write(root.resolve("annotations/train/showB/c9/s00.txt"), "7,0,0,8,8,4,4\n");
        write(root.resolve("annotations/test/showB/c9/s00.txt"), "7,1,1,8,8,4,4\n");
        return root;
    }

    @Test
    void readsTracksInOrderWithFrameNamesAsWritten(@TempDir Path dir) throws Exception {
        GazeDataset data = GazeDataset.read(sample(dir.resolve("vat")), "train");
        assertThat(data.name()).isEqualTo("vat");
        assertThat(data.tracks()).extracting(GazeTrack::key).containsExactly("showA/c1/s00", "showA/c1/s01", "showB/c9/s00");
        assertThat(data.frameCount()).isEqualTo(6);

        List<GazeFrame> s00 = data.tracks().get(0).frames();
        assertThat(s00.get(0)).isEqualTo(new GazeFrame("showA/c1/00003.ppm", "00003.ppm", 3, 4, 13, 14, 30.5, 22, true));
        assertThat(s00.get(1).imageKey()).isEqualTo("showA/c1/00001.jpg");
        assertThat(s00.get(1).frame()).isEqualTo("00001");
        assertThat(s00.get(1).inFrame()).isFalse();
        assertThat(s00.get(1).gazeX()).isNaN();
        assertThat(s00.get(1).gazeY()).isNaN();

        List<GazeFrame> s01 = data.tracks().get(1).frames();
        assertThat(s01).extracting(GazeFrame::frame).containsExactly("00001.jpg", "00002", "00003");
        assertThat(s01).extracting(GazeFrame::imageKey).containsExactly("showA/c1/00001.jpg", "showA/c1/00002.png", "showA/c1/00003.ppm");
        assertThat(s01.get(0)).isEqualTo(new GazeFrame("showA/c1/00001.jpg", "00001.jpg", 1, 2, 11, 12, 20, 5, true));
        assertThat(s01.get(1).xmin()).isEqualTo(1.5);
        assertThat(s01.get(1).ymax()).isEqualTo(12.25);
        assertThat(s01.get(1).inFrame()).isFalse();
        assertThat(s01.get(2).inFrame()).isTrue(); // 0,0 is a corner of the frame, not "outside"
        assertThat(data.tracks().get(2).frames().get(0).imageKey()).isEqualTo("showB/c9/7.png");

        assertThat(GazeDataset.read(dir.resolve("vat"), "test").tracks().get(0).frames().get(0).xmin()).isEqualTo(1);
    }

    @Test
    void jpegPngAndPpmFramesDecodeInOneDataset(@TempDir Path dir) throws Exception {
        GazeDataset data = GazeDataset.read(sample(dir.resolve("vat")), "train");
        ImageSource images = data.images();
        List<GazeFrame> frames = data.tracks().get(1).frames();
        var jpeg = images.read(frames.get(0).imageKey());
        var png = images.read(frames.get(1).imageKey());
        var ppm = images.read(frames.get(2).imageKey());
        assertThat(List.of(jpeg.getWidth(), png.getWidth(), ppm.getWidth())).containsOnly(32);
        assertThat(GazeImages.near(GazeImages.rgb(jpeg, 10, 10), RED, 8)).isTrue();
        assertThat(GazeImages.rgb(png, 10, 10)).isEqualTo(GREEN);
        assertThat(GazeImages.rgb(ppm, 10, 10)).isEqualTo(BLUE);
    }

    @Test
    void errorsNameTheFileAndLine(@TempDir Path dir) throws Exception {
        Path root = sample(dir.resolve("vat"));
        Path track = root.resolve("annotations/train/showA/c1/s01.txt");
        assertError(root, track, "00001.jpg,1,2,11,12,20\n", track + " line 1: expected 7 fields (frame, xmin, ymin, xmax, ymax, gaze_x, gaze_y), found 6");
        assertError(root, track, "00001.jpg,1,2,11,12,20,5\n00002,1,two,11,12,20,5\n", track + " line 2: ymin 'two' is not a number");
        assertError(root, track, "frame,xmin,ymin,xmax,ymax,gx,gy\n00001.jpg,1,2,11,12,20,5\n00002,1,2,NaN,12,3,3\n",
                track + " line 3: xmax 'NaN' is not a number");
        assertError(root, track, "00001.jpg,1,2,11,12,20,5\n00002,1,2,1,12,20,5\n",
                track + " line 2: the head box 1,2 - 1,12 is empty (xmax must be above xmin, ymax above ymin)");
        assertError(root, track, "00001.jpg,1,2,11,12,20,5\n00004,1,2,11,12,20,5\n",
                track + " line 2: frame 00004 has no image in " + root.resolve("images/showA/c1")
                        + " (tried 00004.jpg|jpeg|png|ppm|pgm|pnm)");
        assertError(root, track, "00001.png,1,2,11,12,20,5\n", track + " line 1: frame 00001.png has no image in "
                + root.resolve("images/showA/c1"));
        assertError(root, track, "1,1,2,11,12,20,5\n", track + " line 1: frame 1 has no image in "
                + root.resolve("images/showA/c1") + " (tried 1.jpg|jpeg|png|ppm|pgm|pnm)"); // leading zeros are never added
        assertThatThrownBy(() -> GazeDataset.read(root, "val")).isInstanceOf(InvalidDatasetException.class)
                .hasMessage("no track files (annotations/val/<show>/<clip>/<track>.txt) in " + root + "; the splits there are test, train");
        write(root.resolve("annotations/train/showA/stray.txt"), "x");
        assertThatThrownBy(() -> GazeDataset.read(root, "train")).isInstanceOf(InvalidDatasetException.class)
                .hasMessage(root.resolve("annotations/train/showA/stray.txt") + " is not where a track file goes: annotations/train/<show>/<clip>/<track>.txt");
    }

    private static void assertError(Path root, Path track, String content, String message) throws IOException {
        write(track, content);
        assertThatThrownBy(() -> GazeDataset.read(root, "train")).isInstanceOf(InvalidDatasetException.class).hasMessage(message);
    }

    @Test
    void concatKeepsEqualNamesOfTwoDatasetsApartAndReadsEachOnesImages(@TempDir Path dir) throws Exception {
        GazeDataset first = GazeDataset.read(sample(dir.resolve("one/vat")), "train");
        Path other = dir.resolve("two/vat");
        GazeImages.write(other.resolve("images/showA/c1/00001.ppm"), 8, 8, 0x123456);
        write(other.resolve("annotations/train/showA/c1/s00.txt"), "00001,1,1,5,5,-1,-1\n");
        GazeDataset second = GazeDataset.read(other, "train");
        assertThatThrownBy(() -> GazeDataset.concat(first, second)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two datasets are named 'vat'");

        GazeDataset both = GazeDataset.concat(first.named("vat"), second.named("home"));
        assertThat(both.name()).isEqualTo("vat+home");
        assertThat(both.split()).isEqualTo("train");
        assertThat(both.tracks()).extracting(GazeTrack::key)
                .containsExactly("vat/showA/c1/s00", "vat/showA/c1/s01", "vat/showB/c9/s00", "home/showA/c1/s00");
        GazeFrame home = both.tracks().get(3).frames().get(0);
        assertThat(home.imageKey()).isEqualTo("home/showA/c1/00001.ppm");
        assertThat(home.frame()).isEqualTo("00001");
        assertThat(GazeImages.rgb(both.images().read(home.imageKey()), 3, 3)).isEqualTo(0x123456);
        GazeFrame vat = both.tracks().get(1).frames().get(1);
        assertThat(GazeImages.rgb(both.images().read(vat.imageKey()), 3, 3)).isEqualTo(GREEN);
        assertThatThrownBy(() -> both.images().read("elsewhere/showA/c1/00001.ppm")).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("names none of the datasets vat, home");
    }

    @Test
    void chunksAreConsecutiveFramesOfOneTrackAndTheShorterLastIsKeptUnlessAskedNot(@TempDir Path dir) throws Exception {
        Path root = dir.resolve("vat");
        StringBuilder rows = new StringBuilder();
        for (int i = 1; i <= 5; i++) {
            GazeImages.write(root.resolve("images/s/c/" + i + ".png"), 4, 4, RED);
            rows.append(i).append(",0,0,2,2,1,1\n");
        }
        write(root.resolve("annotations/train/s/c/a.txt"), rows.toString());
        write(root.resolve("annotations/train/s/c/b.txt"), "1,0,0,2,2,1,1\n2,0,0,2,2,1,1\n");
        GazeDataset data = GazeDataset.read(root, "train");
        List<GazeChunk> kept = data.chunks(2);
        assertThat(kept).extracting(c -> c.track().track() + "@" + c.start() + ":" + c.frames().stream().map(GazeFrame::frame).toList())
                .containsExactly("a@0:[1, 2]", "a@2:[3, 4]", "a@4:[5]", "b@0:[1, 2]");
        assertThat(data.chunks(2, false)).extracting(c -> c.track().track() + "@" + c.start())
                .containsExactly("a@0", "a@2", "b@0");
        assertThat(data.chunks(3, false)).extracting(c -> c.track().track() + "@" + c.start()).containsExactly("a@0");
        assertThatThrownBy(() -> data.chunks(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aListingOfPathsReadsLikeAFolder(@TempDir Path dir) throws Exception {
        Map<String, byte[]> objects = new LinkedHashMap<>();
        objects.put("annotations/train/show/clip/s00.txt", "0007,0,0,4,4,2,2\n".getBytes());
        objects.put("images/show/clip/0007.ppm", GazeImages.ppm(GazeImages.solid(6, 6, BLUE)));
        ImageSource images = key -> {
            byte[] bytes = objects.get("images/" + key);
            if (bytes == null) {
                throw new NoSuchFileException(key);
            }
            return ImageSource.decode(new ByteArrayInputStream(bytes), key);
        };
        GazeLayout layout = GazeLayout.listing("bucket/datasets/home", objects.keySet(),
                path -> new ByteArrayInputStream(objects.get(path)), images);
        GazeDataset data = GazeDataset.read(layout, "train");
        GazeFrame frame = data.tracks().get(0).frames().get(0);
        assertThat(frame.imageKey()).isEqualTo("show/clip/0007.ppm");
        assertThat(frame.frame()).isEqualTo("0007");
        assertThat(GazeImages.rgb(data.images().read(frame.imageKey()), 1, 1)).isEqualTo(BLUE);
        objects.put("annotations/train/show/clip/s01.txt", "0007,0,0,4,4,2\n".getBytes());
        assertThatThrownBy(() -> GazeDataset.read(GazeLayout.listing("bucket/datasets/home", objects.keySet(),
                path -> new ByteArrayInputStream(objects.get(path)), images), "train"))
                .hasMessageStartingWith("bucket/datasets/home/annotations/train/show/clip/s01.txt line 1: expected 7 fields");
    }

    static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
