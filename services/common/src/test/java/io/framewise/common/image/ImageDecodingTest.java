package io.framewise.common.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ImageDecodingTest {

    @Test
    void decodesAnImageAndRefusesABombBeforeDecodingItsPixels() throws Exception {
        assertThat(ImageDecoding.decode("ok.png", TestImages.png(30, 20), ImageDecoding.DEFAULT_MAX_PIXELS).getWidth()).isEqualTo(30);
        assertThatThrownBy(() -> ImageDecoding.decode("bomb.png", TestImages.bomb(100_000, 100_000), ImageDecoding.DEFAULT_MAX_PIXELS))
                .isInstanceOf(UnreadableImageException.class)
                .hasMessage("image bomb.png declares 100000x100000 pixels, above the limit of 50000000 pixels; refusing to decode it");
        assertThatThrownBy(() -> ImageDecoding.decode("notes.jpg", "hello".getBytes(StandardCharsets.UTF_8), 100))
                .isInstanceOf(UnreadableImageException.class).hasMessageStartingWith("cannot decode image notes.jpg: not an image");
    }

    @Test
    void scalesToTheLongestSideAskedNeverUp() throws Exception {
        BufferedImage image = ImageDecoding.decode("a.png", TestImages.png(200, 100), 1_000_000);
        BufferedImage half = ImageDecoding.bgrWithin(image, 100);
        assertThat(half.getWidth()).isEqualTo(100);
        assertThat(half.getHeight()).isEqualTo(50);
        assertThat(half.getType()).isEqualTo(BufferedImage.TYPE_3BYTE_BGR);
        assertThat(ImageDecoding.bgrWithin(image, 400).getWidth()).isEqualTo(200);
        assertThat(ImageDecoding.isImageName("a/b/c.JPG")).isTrue();
        assertThat(ImageDecoding.isImageName("a.jpg/readme")).isFalse();
    }
}
