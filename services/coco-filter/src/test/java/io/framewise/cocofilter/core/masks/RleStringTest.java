package io.framewise.cocofilter.core.masks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Compressed RLE strings worked out by hand from pycocotools' rleToString / rleFrString. */
class RleStringTest {

    @Test
    void smallCountsAreOneCharacterEach() {
        // 2, 4, 3 as '2', '4', '3'; the fourth count is written as 3 - 4 = -1: 5 bits 11111 = 31, no
        // continuation, sign bit 0x10 set, 31 + 48 = 'O'
        assertThat(RleString.decode("243O", 3, 4).counts()).containsExactly(2, 4, 3, 3);
        assertThat(RleString.encode(new Rle(3, 4, new int[] {2, 4, 3, 3}))).isEqualTo("243O");
    }

    @Test
    void largeCountsSpanSeveralCharactersLeastSignificantFirst() {
        // 100 = 0b11_00100: 'T' (4 | 0x20 continuation, + 48), then '3'; 50 = 0b1_10010: 'b' then '1'
        assertThat(RleString.decode("T3b1b1", 10, 20).counts()).containsExactly(100, 50, 50);
        assertThat(RleString.encode(new Rle(10, 20, new int[] {100, 50, 50}))).isEqualTo("T3b1b1");
    }

    @Test
    void fromTheFourthCountOnTheDifferenceToTheCountTwoBeforeIsStored() {
        // 2, 10, 1, then 4 stored as 4 - 10 = -6: 26 with the sign bit, 'J'
        assertThat(RleString.decode("2:1J", 1, 17).counts()).containsExactly(2, 10, 1, 4);
    }

    @Test
    void aMaskStartingWithForegroundStartsWithAnEmptyRun() {
        assertThat(RleString.decode("05", 1, 5).counts()).containsExactly(0, 5);
    }

    @Test
    void decodingStopsAtTheEndOfTheStringLikeTheCStringDoes() {
        assertThat(RleString.decode("", 2, 2).counts()).isEmpty();
        assertThat(RleString.decode("5\u00003", 1, 5).counts()).containsExactly(5);
    }
}
