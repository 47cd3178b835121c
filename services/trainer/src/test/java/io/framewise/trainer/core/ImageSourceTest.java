package io.framewise.trainer.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.framewise.common.image.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dataset's images: a bomb or a non-image is an unreadable image (training skips and counts it), never an OOM. */
class ImageSourceTest {

    @Test
    void anImageBombAndANonImageAreUnreadableImages(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("ok.png"), TestImages.png(40, 30));
        Files.write(dir.resolve("bomb.png"), TestImages.bomb(100_000, 100_000));
        Files.writeString(dir.resolve("notes.jpg"), "not an image");
        ImageSource images = ImageSource.folder(dir);
        assertThat(images.read("ok.png").getHeight()).isEqualTo(30);
        assertThatThrownBy(() -> images.read("bomb.png")).isInstanceOf(ImageSource.UnreadableImageException.class)
                .hasMessageContaining("bomb.png declares 100000x100000 pixels");
        assertThatThrownBy(() -> images.read("notes.jpg")).isInstanceOf(ImageSource.UnreadableImageException.class)
                .hasMessageContaining("notes.jpg: not an image");
    }
}
