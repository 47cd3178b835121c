package io.framewise.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class GazeSweepPlotTest {

    /** Pixels of exactly this colour in rows [from, to), left of the legend. */
    private static int pixels(BufferedImage image, Color colour, int from, int to) {
        int rgb = colour.getRGB();
        int n = 0;
        for (int y = from; y < to; y++) {
            for (int x = 0; x < GazeSweepPlot.WIDTH - GazeSweepPlot.RIGHT; x++) {
                if (image.getRGB(x, y) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }

    private static SortedMap<Integer, Map<String, Double>> run(double... aucThenDistance) {
        SortedMap<Integer, Map<String, Double>> epochs = new TreeMap<>();
        for (int e = 0; e < aucThenDistance.length / 2; e++) {
            epochs.put(e + 1, Map.of("auc", aucThenDistance[2 * e], "distance", aucThenDistance[2 * e + 1]));
        }
        return epochs;
    }

    @Test
    void drawsEveryRunInBothPanelsInItsOwnColour() {
        Map<String, SortedMap<Integer, Map<String, Double>>> runs = new LinkedHashMap<>();
        runs.put("batch 8, chunk 3", run(0.80, 0.20, 0.85, 0.17, 0.88, 0.15));
        runs.put("batch 16, chunk 3", run(0.70, 0.30, 0.75, 0.25, 0.78, 0.22));

        BufferedImage image = GazeSweepPlot.draw("sweep", runs);

        int aucTop = GazeSweepPlot.TOP;
        int aucBottom = aucTop + GazeSweepPlot.PANEL_HEIGHT;
        int distanceTop = aucBottom + GazeSweepPlot.GAP;
        int distanceBottom = distanceTop + GazeSweepPlot.PANEL_HEIGHT;
        for (int r = 0; r < 2; r++) {
            Color colour = GazeSweepPlot.COLOURS[r];
            assertThat(pixels(image, colour, aucTop, aucBottom + 3)).isGreaterThan(100);
            assertThat(pixels(image, colour, distanceTop, distanceBottom + 3)).isGreaterThan(100);
        }
        // the legend: a swatch of each colour right of the plot
        int legendX = GazeSweepPlot.WIDTH - GazeSweepPlot.RIGHT + 15;
        assertThat(new Color(image.getRGB(legendX, GazeSweepPlot.TOP + 9))).isEqualTo(GazeSweepPlot.COLOURS[0]);
        assertThat(new Color(image.getRGB(legendX, GazeSweepPlot.TOP + 27))).isEqualTo(GazeSweepPlot.COLOURS[1]);
        // the AUC axis runs 0.5..1: the better run (0.88 last) is drawn above the other (0.78) at the end
        assertThat(rowOf(image, GazeSweepPlot.COLOURS[0], aucTop, aucBottom))
                .isLessThan(rowOf(image, GazeSweepPlot.COLOURS[1], aucTop, aucBottom));
    }

    /** The first row holding this colour in the plot's last 10 columns. */
    private static int rowOf(BufferedImage image, Color colour, int from, int to) {
        int right = GazeSweepPlot.WIDTH - GazeSweepPlot.RIGHT;
        for (int y = from; y < to; y++) {
            for (int x = right - 10; x < right; x++) {
                if (image.getRGB(x, y) == colour.getRGB()) {
                    return y;
                }
            }
        }
        return Integer.MAX_VALUE;
    }

    @Test
    void anEmptySweepDrawsOnlyTheAxes() {
        BufferedImage image = GazeSweepPlot.draw("empty", Map.of());

        for (Color colour : GazeSweepPlot.COLOURS) {
            assertThat(pixels(image, colour, 0, GazeSweepPlot.HEIGHT)).isZero();
        }
        // the panel frames are drawn
        assertThat(new Color(image.getRGB(GazeSweepPlot.LEFT, GazeSweepPlot.TOP + 10))).isEqualTo(Color.DARK_GRAY);
        int distanceTop = GazeSweepPlot.TOP + GazeSweepPlot.PANEL_HEIGHT + GazeSweepPlot.GAP;
        assertThat(new Color(image.getRGB(GazeSweepPlot.LEFT, distanceTop + 10))).isEqualTo(Color.DARK_GRAY);
    }
}
