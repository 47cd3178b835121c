package io.framewise.cocofilter.core;

import static io.framewise.cocofilter.core.CocoFiles.listing;
import static io.framewise.cocofilter.core.CocoFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Masks checked pixel by pixel. Images 1 and 2 are 4 wide and 3 high; RLE runs go down the columns:
 * <pre>
 *   polygon [1,0, 3,0, 3,2, 1,2]     pixel centres x 1.5, 2.5 and y 0.5, 1.5 inside:  . P P .
 *                                                                                      . P P .
 *                                                                                      . . . .
 *   RLE counts 2,4,3,3 (or "243O"): 2 off (x0 y0-1), 4 on (x0 y2, x1 y0-2),           . B . B
 *                                   3 off (x2), 3 on (x3)                              . B . B
 *                                                                                      B B . B
 * </pre>
 * Sports ball comes first in categories, so it is category 1 and person category 2.
 */
class MaskRenderingTest {

    static final String SHAPES = """
            {"info": {}, "licenses": [],
             "images": [{"id": 1, "width": 4, "height": 3, "file_name": "one.jpg"},
                        {"id": 2, "width": 4, "height": 3, "file_name": "two.jpg"},
                        {"id": 3, "width": 20, "height": 10, "file_name": "three.jpg"}],
             "annotations": [
               {"id": 1, "image_id": 1, "category_id": 1, "segmentation": [[1, 0, 3, 0, 3, 2, 1, 2]]},
               {"id": 2, "image_id": 1, "category_id": 37, "iscrowd": 1, "segmentation": {"counts": [2, 4, 3, 3], "size": [3, 4]}},
               {"id": 3, "image_id": 2, "category_id": 37, "iscrowd": 1, "segmentation": {"counts": "243O", "size": [3, 4]}},
               {"id": 4, "image_id": 3, "category_id": 37, "iscrowd": 1, "segmentation": {"size": [10, 20], "counts": "T3b1b1"}}],
             "categories": [{"id": 37, "name": "sports ball"}, {"id": 1, "name": "person"}]}
            """;

    @TempDir
    Path dir;

    private FilterResult render(String json, MaskMode mode) throws Exception {
        return CocoFilter.run(write(dir, "in.json", json), dir.resolve("out.json"),
                FilterSpec.of("person", "sports ball").withMasks(dir.resolve("masks"), mode));
    }

    private int[][] pixels(long imageId) throws Exception {
        BufferedImage png = ImageIO.read(dir.resolve("masks").resolve(imageId + ".png").toFile());
        int[][] rows = new int[png.getHeight()][png.getWidth()];
        for (int y = 0; y < png.getHeight(); y++) {
            for (int x = 0; x < png.getWidth(); x++) {
                rows[y][x] = png.getRaster().getSample(x, y, 0);
            }
        }
        return rows;
    }

    private int bitsPerPixel(long imageId) throws Exception {
        return ImageIO.read(dir.resolve("masks").resolve(imageId + ".png").toFile()).getColorModel().getPixelSize();
    }

    @Test
    void instanceMasksNumberTheImagesAnnotationsInOutputOrderAndLaterOnesCoverEarlierOnes() throws Exception {
        FilterResult result = render(SHAPES, MaskMode.INSTANCE_IDS);

        assertThat(pixels(1)).isEqualTo(new int[][] {
                {0, 2, 1, 2},
                {0, 2, 1, 2},
                {2, 2, 0, 2}});
        assertThat(result.masks()).isEqualTo(new MaskSummary(dir.resolve("masks"), MaskMode.INSTANCE_IDS, 8, 3));
        assertThat(bitsPerPixel(1)).isEqualTo(8);
    }

    @Test
    void categoryMasksHoldTheNewCategoryIds() throws Exception {
        render(SHAPES, MaskMode.CATEGORY_IDS);

        assertThat(pixels(1)).isEqualTo(new int[][] {
                {0, 1, 2, 1},
                {0, 1, 2, 1},
                {1, 1, 0, 1}});
    }

    @Test
    void aCompressedRleStringDrawsTheSamePixelsAsItsCountList() throws Exception {
        render(SHAPES, MaskMode.INSTANCE_IDS);

        assertThat(pixels(2)).isEqualTo(new int[][] {
                {0, 1, 0, 1},
                {0, 1, 0, 1},
                {1, 1, 0, 1}});
    }

    @Test
    void rleRunsGoDownTheColumns() throws Exception {
        render(SHAPES, MaskMode.INSTANCE_IDS);

        // "T3b1b1" is 100 off, 50 on, 50 off on a 10-high image: columns 10 to 14 entirely
        int[][] rows = pixels(3);
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 20; x++) {
                assertThat(rows[y][x]).as("x=%d y=%d", x, y).isEqualTo(x >= 10 && x < 15 ? 1 : 0);
            }
        }
    }

    @Test
    void masksAreNamedByImageIdAndNothingElseIsLeftBehind() throws Exception {
        render(SHAPES, MaskMode.INSTANCE_IDS);

        assertThat(listing(dir.resolve("masks"))).containsExactly("1.png", "2.png", "3.png");
        assertThat(listing(dir)).containsExactly("in.json", "masks", "out.json");
    }

    @Test
    void masksGoInto16BitsWhenAnImageHasMoreThan255Instances() throws Exception {
        StringBuilder annotations = new StringBuilder();
        for (int i = 0; i < 256; i++) {
            int x = i % 16;
            int y = i / 16;
            annotations.append(i == 0 ? "" : ",").append("{\"id\": ").append(i + 1)
                    .append(", \"image_id\": 1, \"category_id\": 1, \"segmentation\": [[")
                    .append(x).append(',').append(y).append(',').append(x + 1).append(',').append(y).append(',')
                    .append(x + 1).append(',').append(y + 1).append(',').append(x).append(',').append(y + 1).append("]]}");
        }
        String json = "{\"images\": [{\"id\": 1, \"width\": 16, \"height\": 16}], \"annotations\": [" + annotations
                + "], \"categories\": [{\"id\": 1, \"name\": \"person\"}, {\"id\": 37, \"name\": \"sports ball\"}]}";

        FilterResult result = render(json, MaskMode.INSTANCE_IDS);

        assertThat(result.masks().bitDepth()).isEqualTo(16);
        assertThat(bitsPerPixel(1)).isEqualTo(16);
        int[][] rows = pixels(1);
        for (int i = 0; i < 256; i++) {
            assertThat(rows[i / 16][i % 16]).isEqualTo(i + 1);
        }
    }

    @Test
    void anAnnotationThatCannotBeDrawnIsAWarningNotAFailure() throws Exception {
        String json = SHAPES.replace("\"counts\": \"243O\", \"size\": [3, 4]", "\"counts\": \"243O\", \"size\": [4, 3]")
                .replace("{\"id\": 1, \"image_id\": 1, \"category_id\": 1, \"segmentation\": [[1, 0, 3, 0, 3, 2, 1, 2]]}",
                        "{\"id\": 1, \"image_id\": 1, \"category_id\": 1, \"bbox\": [1, 0, 2, 2]}");

        FilterResult result = render(json, MaskMode.INSTANCE_IDS);

        assertThat(result.warnings()).hasSize(2);
        assertThat(result.warnings().get(0)).contains("(image 1)").endsWith("no segmentation");
        assertThat(result.warnings().get(1)).contains("(image 2)").endsWith("RLE size 4x3 is not the image's 3x4");
        assertThat(pixels(2)).isEqualTo(new int[3][4]);
        assertThat(pixels(1)[2]).containsExactly(2, 2, 0, 2);
    }

    @Test
    void anExistingMaskFolderGetsTheNewMasks() throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("masks"));
        write(dir.resolve("masks"), "1.png", "stale");

        render(SHAPES, MaskMode.CATEGORY_IDS);

        assertThat(pixels(1)[0]).containsExactly(0, 1, 2, 1);
        assertThat(listing(dir)).containsExactly("in.json", "masks", "out.json");
    }
}
