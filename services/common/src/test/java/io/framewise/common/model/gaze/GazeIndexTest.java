package io.framewise.common.model.gaze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class GazeIndexTest {

    private static List<GazeIndex.Row> read(String text) throws IOException {
        return GazeIndex.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "val.csv");
    }

    @Test
    void rowsAreReadWithOutsideGazeAndTracks() throws Exception {
        List<GazeIndex.Row> rows = read(GazeIndex.HEADER + "\n"
                + "a,img/1.jpg,1,2,11,12,30.5,40\n\na,img/2.jpg,1,2,11,12,-1,-1\nb,img/1.jpg,5,5,9,9,-2,-3\n");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).inFrame()).isTrue();
        assertThat(rows.get(0).gazeX()).isEqualTo(30.5);
        assertThat(rows.get(0).box()).containsExactly(1, 2, 11, 12);
        assertThat(rows.get(1).inFrame()).isFalse();
        assertThat(rows.get(1).line()).isEqualTo(4);
        assertThat(rows.get(2).inFrame()).isFalse();
        assertThat(rows.get(2).gazeX()).isEqualTo(-1);
        assertThat(GazeIndex.tracks(rows).keySet()).containsExactly("a", "b");
    }

    @Test
    void whatIsNotAGazeIndexSaysWhy() {
        assertThatThrownBy(() -> read("{\"images\": [], \"annotations\": []}"))
                .isInstanceOf(GazeIndexFormatException.class).hasMessageContaining("val.csv is not a gaze index")
                .hasMessageContaining(GazeIndex.HEADER);
        assertThatThrownBy(() -> read("")).isInstanceOf(GazeIndexFormatException.class)
                .hasMessageContaining("it is nothing");
        assertThatThrownBy(() -> read(GazeIndex.HEADER + "\n")).isInstanceOf(GazeIndexFormatException.class)
                .hasMessageContaining("without rows");
        assertThatThrownBy(() -> read(GazeIndex.HEADER + "\na,b.jpg,1,2,3\n"))
                .isInstanceOf(GazeIndexFormatException.class).hasMessageContaining("line 2 has 5 fields");
        assertThatThrownBy(() -> read(GazeIndex.HEADER + "\na,b.jpg,1,2,11,12,x,4\n"))
                .isInstanceOf(GazeIndexFormatException.class).hasMessageContaining("line 2: gaze_x 'x' is not a number");
        assertThatThrownBy(() -> read(GazeIndex.HEADER + "\na,b.jpg,10,2,10,12,3,4\n"))
                .isInstanceOf(GazeIndexFormatException.class).hasMessageContaining("no area");
    }
}
