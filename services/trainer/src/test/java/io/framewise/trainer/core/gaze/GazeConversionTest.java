package io.framewise.trainer.core.gaze;

import static io.framewise.trainer.core.gaze.GazeDatasetTest.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.framewise.trainer.core.InvalidDatasetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Frames in setting folders plus LabelMe files, converted to the VideoAttentionTarget layout and read back. */
class GazeConversionTest {

    /**
     * cam1: f1.jpg f2.png f3.ppm f10.jpg; f1.json (two people by group_id, the second looking outside) stands for
     * f2; f3.json (numbered labels, one person) is f3's own and stands for f10, which comes after f3 in natural order.
     * cam2: a1.ppm a2.jpg a3.png; a2.json stands for all three (a1, before it, takes it too).
     */
    private static Path frames(Path dir) throws Exception {
        Path frames = dir.resolve("kitchen");
        GazeImages.write(frames.resolve("cam1/f1.jpg"), 40, 30, 0xff0000);
        GazeImages.write(frames.resolve("cam1/f2.png"), 40, 30, 0x00ff00);
        GazeImages.write(frames.resolve("cam1/f3.ppm"), 40, 30, 0x0000ff);
        GazeImages.write(frames.resolve("cam1/f10.jpg"), 40, 30, 0xffffff);
        write(frames.resolve("cam1/f1.json"), """
                {"version": "5.4.1", "imagePath": "f1.jpg", "imageWidth": 40, "imageHeight": 30, "shapes": [
                  {"label": "head", "group_id": 0, "shape_type": "rectangle", "points": [[12, 3], [2, 1]]},
                  {"label": "gaze", "group_id": 0, "shape_type": "point", "points": [[30.5, 20]]},
                  {"label": "head", "group_id": 1, "shape_type": "rectangle", "points": [[20, 2], [28, 9.25]]}
                ]}""");
        write(frames.resolve("cam1/f3.json"), """
                {"imageWidth": 40, "imageHeight": 30, "shapes": [
                  {"label": "gaze1", "group_id": null, "shape_type": "point", "points": [[1, 2]]},
                  {"label": "head1", "group_id": null, "shape_type": "rectangle", "points": [[21, 3], [29, 10]]}
                ]}""");
        GazeImages.write(frames.resolve("cam2/a1.ppm"), 20, 20, 0x102030);
        GazeImages.write(frames.resolve("cam2/a2.jpg"), 20, 20, 0x808080);
        GazeImages.write(frames.resolve("cam2/a3.png"), 20, 20, 0x405060);
        write(frames.resolve("cam2/a2.json"), """
                {"shapes": [{"label": "Head", "shape_type": "rectangle", "points": [[5, 5], [9, 9]]},
                            {"label": "gaze", "shape_type": "point", "points": [[15, 2]]}]}""");
        Files.createDirectories(frames.resolve("empty-folder"));
        return frames;
    }

    @Test
    void convertsSettingsWithLabelsStandingForTheirFramesAndReadsBack(@TempDir Path dir) throws Exception {
        Path frames = frames(dir);
        Path out = dir.resolve("out");
        GazeConversion.Result result = GazeConversion.convert(frames, out, GazeConversion.Options.defaults());
        assertThat(result.show()).isEqualTo("kitchen");
        assertThat(result.clips()).containsExactly(
                new GazeConversion.Result.Clip("cam1", 4, 2, List.of("s00", "s01"), 6),
                new GazeConversion.Result.Clip("cam2", 3, 1, List.of("s00"), 3));
        assertThat(Files.readString(out.resolve("annotations/train/kitchen/cam1/s00.txt")))
                .isEqualTo("f1.jpg,2,1,12,3,30.5,20\nf2.png,2,1,12,3,30.5,20\n");
        assertThat(Files.readString(out.resolve("annotations/train/kitchen/cam1/s01.txt"))).isEqualTo("""
                f1.jpg,20,2,28,9.25,-1,-1
                f2.png,20,2,28,9.25,-1,-1
                f3.ppm,21,3,29,10,1,2
                f10.jpg,21,3,29,10,1,2
                """);

        GazeDataset data = GazeDataset.read(out, "train");
        assertThat(data.tracks()).extracting(GazeTrack::key)
                .containsExactly("kitchen/cam1/s00", "kitchen/cam1/s01", "kitchen/cam2/s00");
        List<GazeFrame> cam2 = data.tracks().get(2).frames();
        assertThat(cam2).containsExactly(
                new GazeFrame("kitchen/cam2/a1.ppm", "a1.ppm", 5, 5, 9, 9, 15, 2, true),
                new GazeFrame("kitchen/cam2/a2.jpg", "a2.jpg", 5, 5, 9, 9, 15, 2, true),
                new GazeFrame("kitchen/cam2/a3.png", "a3.png", 5, 5, 9, 9, 15, 2, true));
        GazeFrame outside = data.tracks().get(1).frames().get(1);
        assertThat(outside.inFrame()).isFalse();
        assertThat(outside.gazeX()).isNaN();
        assertThat(GazeImages.rgb(data.images().read(cam2.get(0).imageKey()), 4, 4)).isEqualTo(0x102030);
        assertThat(GazeImages.near(GazeImages.rgb(data.images().read(cam2.get(1).imageKey()), 4, 4), 0x808080, 8)).isTrue();
        assertThat(GazeImages.rgb(data.images().read(cam2.get(2).imageKey()), 4, 4)).isEqualTo(0x405060);

        assertThatThrownBy(() -> GazeConversion.convert(frames, out, GazeConversion.Options.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already has track files (s00.txt...)");
        GazeConversion.convert(frames, out, GazeConversion.Options.defaults().withOverwrite(true));
        assertThat(GazeDataset.read(out, "train").frameCount()).isEqualTo(9);
    }

    @Test
    void optionsChooseSplitShowSettingsAndWhereLabelsAre(@TempDir Path dir) throws Exception {
        Path frames = frames(dir);
        Path labels = dir.resolve("labels");
        Files.createDirectories(labels.resolve("cam2"));
        Files.move(frames.resolve("cam2/a2.json"), labels.resolve("cam2/a3.json"));
        Path out = dir.resolve("out");
        GazeConversion.Result result = GazeConversion.convert(frames, out, GazeConversion.Options.defaults()
                .withSplit("test").withShow("home").withSettings(List.of("cam2")).withLabels(labels)
                .withTransfer(GazeConversion.Transfer.SYMLINK));
        assertThat(result.rows()).isEqualTo(3);
        assertThat(Files.isSymbolicLink(out.resolve("images/home/cam2/a1.ppm"))).isTrue();
        assertThat(Files.exists(out.resolve("images/home/cam1"))).isFalse();
        GazeDataset data = GazeDataset.read(out, "test");
        assertThat(data.tracks()).extracting(GazeTrack::key).containsExactly("home/cam2/s00");
        assertThat(data.tracks().get(0).frames()).extracting(GazeFrame::frame).containsExactly("a1.ppm", "a2.jpg", "a3.png");

        assertThatThrownBy(() -> GazeConversion.convert(frames, out, GazeConversion.Options.defaults().withSettings(List.of("cam3"))))
                .hasMessage("no setting 'cam3' in " + frames + "; the settings are cam1, cam2");
        assertThatThrownBy(() -> GazeConversion.convert(frames, dir.resolve("out2"), GazeConversion.Options.defaults()
                .withLabels(labels))).isInstanceOf(InvalidDatasetException.class)
                .hasMessageStartingWith("setting cam1 has no LabelMe file (<frame>.json) in " + labels.resolve("cam1"));
    }

    @Test
    void labelFilesThatCannotBeReadAreErrorsNamingThem(@TempDir Path dir) throws Exception {
        Path frames = frames(dir);
        Path json = frames.resolve("cam2/a2.json");
        String[][] cases = {
            {"{\"shapes\": [{\"label\": \"face\", \"shape_type\": \"rectangle\", \"points\": [[1,1],[2,2]]}]}",
                json + ": shape 0 is labelled 'face'; the labels are head and gaze (with a group_id per person, or numbered: head1, gaze1, head2...)"},
            {"{\"shapes\": [{\"label\": \"gaze\", \"shape_type\": \"point\", \"points\": [[1,1]]}]}",
                json + ": person 0 has a gaze point but no head rectangle"},
            {"{\"shapes\": [{\"label\": \"head\", \"shape_type\": \"polygon\", \"points\": [[1,1],[2,2],[3,1]]}]}",
                json + ": shape 0 'head' must be a rectangle (two corner points), not a polygon"},
            {"{\"shapes\": [{\"label\": \"head2\", \"group_id\": 3, \"shape_type\": \"rectangle\", \"points\": [[1,1],[2,2]]}]}",
                json + ": shape 0 'head2' has group_id 3: they name different people"},
            {"{\"shapes\": [{\"label\": \"head\", \"shape_type\": \"rectangle\", \"points\": [[1,1],[1,2]]}]}",
                json + ": shape 0 'head' is an empty rectangle"},
            {"{\"flags\": {}}", json + " is not a LabelMe file (no 'shapes' list)"},
        };
        for (String[] c : cases) {
            Files.writeString(json, c[0]);
            assertThatThrownBy(() -> GazeConversion.convert(frames, dir.resolve("out"), GazeConversion.Options.defaults()))
                    .isInstanceOf(InvalidDatasetException.class).hasMessage(c[1]);
        }
        Files.delete(json);
        Files.writeString(frames.resolve("cam2/a9.json"), "{\"shapes\": []}");
        assertThatThrownBy(() -> GazeConversion.convert(frames, dir.resolve("out"), GazeConversion.Options.defaults()))
                .hasMessage(frames.resolve("cam2/a9.json") + " labels frame a9, which is not in " + frames.resolve("cam2"));
    }

    @Test
    void naturalOrderAndCompactNumbers() {
        assertThat(List.of("f10.jpg", "f2.jpg", "f1.jpg", "f01.jpg").stream().sorted(GazeConversion::natural).toList())
                .containsExactly("f01.jpg", "f1.jpg", "f2.jpg", "f10.jpg");
        assertThat(GazeConversion.number(12.0)).isEqualTo("12");
        assertThat(GazeConversion.number(12.25)).isEqualTo("12.25");
        assertThat(GazeConversion.number(-1)).isEqualTo("-1");
        assertThat(GazeConversion.number(100)).isEqualTo("100");
    }
}
