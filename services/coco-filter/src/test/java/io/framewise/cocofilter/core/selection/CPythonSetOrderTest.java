package io.framewise.cocofilter.core.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CPythonSetOrderTest {

    private static long[] inPythonOrder(long... ids) {
        return Arrays.stream(CPythonSetOrder.iterationOrder(ids)).mapToLong(i -> ids[i]).toArray();
    }

    @Test
    void smallIntsComeOutInSlotOrderWhichIsValueModuloTheTableSize() {
        // an 8-slot table: 10 goes to slot 2, 3 to slot 3, 9 to slot 1
        assertThat(inPythonOrder(3, 10, 9)).containsExactly(9, 10, 3);
    }

    @Test
    void aCollisionTakesTheNextFreeSlot() {
        // 1 and 9 both hash to slot 1; an 8-slot table is too small for linear probing, so the second one
        // jumps to slot (1 * 5 + 1) & 7 = 6
        assertThat(inPythonOrder(9, 1)).containsExactly(9, 1);
        assertThat(inPythonOrder(1, 9)).containsExactly(1, 9);
    }

    @Test
    void theTableGrowsAtThreeFifthsFullAndReinsertsInSlotOrder() {
        // 41 takes slot 1 and pushes 1 to slot 6; the fifth add fills 5 of 8 slots, the table becomes 32 slots
        // and the re-insertion puts 41 in slot 9 and 1 back in slot 1
        assertThat(inPythonOrder(41, 1, 2, 3)).containsExactly(41, 2, 3, 1);
        assertThat(inPythonOrder(41, 1, 2, 3, 4)).containsExactly(1, 2, 3, 4, 41);
    }

    @Test
    void negativeIdsHashLikePython() {
        assertThat(CPythonSetOrder.hash(-1)).isEqualTo(-2);
        assertThat(CPythonSetOrder.hash(-5)).isEqualTo(-5);
        assertThat(CPythonSetOrder.hash((1L << 61) - 1)).isZero();
        assertThat(CPythonSetOrder.hash(Long.MIN_VALUE)).isEqualTo(-4);
    }

    @Test
    void matchesTheRealPythonOnLargeRandomSets() throws Exception {
        Random random = new Random(42);
        for (int n : new int[] {7, 100, 3_000, 70_000}) {
            long[] ids = random.longs(n * 2L, 1, 600_000).distinct().limit(n).toArray();
            List<Long> python = pythonSetOrder(ids);
            assumeThat(python).as("python3 is available").isNotNull();
            assertThat(Arrays.stream(inPythonOrder(ids)).boxed().toList()).as("n=%d", n).isEqualTo(python);
        }
    }

    /** Builds the set with python3, one add at a time as coco-manager does; null when python3 is missing. */
    private static List<Long> pythonSetOrder(long[] ids) throws IOException, InterruptedException {
        Process python;
        try {
            python = new ProcessBuilder("python3", "-c",
                    "import sys\ns=set()\nfor t in sys.stdin.read().split(): s.add(int(t))\nprint(' '.join(map(str,s)))")
                    .redirectErrorStream(true).start();
        } catch (IOException missing) {
            return null;
        }
        python.getOutputStream().write(Arrays.stream(ids).mapToObj(Long::toString)
                .collect(Collectors.joining(" ")).getBytes(StandardCharsets.US_ASCII));
        python.getOutputStream().close();
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(python.exitValue()).as(out).isZero();
        return Arrays.stream(out.split(" ")).map(Long::valueOf).toList();
    }
}
