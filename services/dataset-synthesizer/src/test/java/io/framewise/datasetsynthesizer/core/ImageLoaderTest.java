package io.framewise.datasetsynthesizer.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.framewise.common.image.TestImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageLoaderTest {

    private final ImageLoader loader = new ImageLoader();

    @Test
    void noBackgroundsIsAClearError() {
        List<NamedImage> templates = Fixtures.inputs().templates();
        assertThatThrownBy(() -> new SynthesisInputs(List.of(), templates))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no background images");
    }

    @Test
    void noTemplatesIsAClearError() {
        List<NamedImage> backgrounds = Fixtures.inputs().backgrounds();
        assertThatThrownBy(() -> new SynthesisInputs(backgrounds, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no template images");
    }

    @Test
    void aTemplateWithAlphaKeepsIt() throws IOException {
        NamedImage template = loader.template("cut.png", png(BufferedImage.TYPE_INT_ARGB, 4, 4, 0x80112233));
        assertThat(template.alphaMissing()).isFalse();
        assertThat(template.image().argb(0, 0)).isEqualTo(0x80112233);
    }

    @Test
    void aTemplateWithoutAlphaIsFlaggedAndTreatedAsOpaque() throws IOException {
        NamedImage template = loader.template("flat.png", png(BufferedImage.TYPE_INT_RGB, 4, 4, 0x112233));
        assertThat(template.alphaMissing()).isTrue();
        assertThat(template.image().argb(1, 1)).isEqualTo(0xff112233);
    }

    @Test
    void bytesThatDoNotDecodeNameTheFile() {
        assertThatThrownBy(() -> loader.background("holiday.jpg", "not an image".getBytes()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holiday.jpg");
    }

    @Test
    void aTruncatedPngNamesTheFile() throws IOException {
        byte[] whole = png(BufferedImage.TYPE_INT_RGB, 32, 32, 0x445566);
        byte[] truncated = java.util.Arrays.copyOf(whole, 40);
        assertThatThrownBy(() -> loader.background("cut-short.png", truncated))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cut-short.png");
    }

    @Test
    void anImageBombIsRefusedFromItsHeaderBeforeDecoding() throws IOException {
        byte[] bomb = TestImages.bomb(100_000, 100_000);
        assertThatThrownBy(() -> loader.background("bomb.png", bomb))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bomb.png").hasMessageContaining("100000x100000");
    }

    @Test
    void theLimitIsConfigurable() throws IOException {
        byte[] image = png(BufferedImage.TYPE_INT_RGB, 10, 10, 0);
        assertThatThrownBy(() -> new ImageLoader(99).background("big.png", image))
                .hasMessageContaining("above the limit");
        assertThat(new ImageLoader(100).background("big.png", image).image().size()).isEqualTo(new Size(10, 10));
    }

    private static byte[] png(int type, int width, int height, int argb) throws IOException {
        BufferedImage image = new BufferedImage(width, height, type);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, argb);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
