package io.framewise.common.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ObjectKeysTest {

    @Test
    void ordinaryKeysPass() {
        assertThat(ObjectKeys.requireValidKey("train/figure-skating/alina.mp4")).isEqualTo("train/figure-skating/alina.mp4");
        assertThat(ObjectKeys.requireValidKey("a b/ü.json")).isEqualTo("a b/ü.json");
        assertThat(ObjectKeys.requireValidKey("..hidden/x..y")).isEqualTo("..hidden/x..y");
        assertThat(ObjectKeys.requireValidPrefix("datasets/frames/")).isEqualTo("datasets/frames/");
        assertThat(ObjectKeys.requireValidPrefix("")).isEmpty();
    }

    @Test
    void parentSegmentsAreRefused() {
        assertThatThrownBy(() -> ObjectKeys.requireValidKey("../x"))
                .isInstanceOf(InvalidObjectKeyException.class)
                .hasMessage("object key '../x' contains a '..' segment; relative path segments are not allowed");
        assertThatThrownBy(() -> ObjectKeys.requireValidKey("a/../../etc/passwd")).hasMessageContaining("'..' segment");
        assertThatThrownBy(() -> ObjectKeys.requireValidKey("a/./b")).hasMessageContaining("'.' segment");
    }

    @Test
    void absoluteKeysAreRefused() {
        assertThatThrownBy(() -> ObjectKeys.requireValidKey("/abs"))
                .hasMessage("object key '/abs' is absolute (starts with '/'); keys are relative to their bucket");
    }

    @Test
    void emptySegmentsAreRefused() {
        assertThatThrownBy(() -> ObjectKeys.requireValidKey("a//b"))
                .hasMessage("object key 'a//b' has an empty path segment ('//' or a trailing '/')");
        assertThatThrownBy(() -> ObjectKeys.requireValidKey("a/b/")).hasMessageContaining("empty path segment");
        assertThatThrownBy(() -> ObjectKeys.requireValidPrefix("a//")).hasMessageContaining("empty path segment");
        assertThatThrownBy(() -> ObjectKeys.requireValidKey("")).hasMessage("empty object key");
    }

    @Test
    void controlCharactersAreRefusedAndShownEscaped() {
        assertThatThrownBy(() -> ObjectKeys.requireValidKey("a\u0000b"))
                .hasMessage("object key 'a\\u0000b' contains control character U+0000 at position 1");
        assertThatThrownBy(() -> ObjectKeys.requireValidKey("x\ny")).hasMessageContaining("U+000A");
        assertThatThrownBy(() -> ObjectKeys.requireValidKey("x\u007f")).hasMessageContaining("U+007F");
    }

    @Test
    void joinPutsExactlyOneSlash() {
        assertThat(ObjectKeys.join("frames/", "0001.jpg")).isEqualTo("frames/0001.jpg");
        assertThat(ObjectKeys.join("frames", "0001.jpg")).isEqualTo("frames/0001.jpg");
        assertThat(ObjectKeys.join("", "0001.jpg")).isEqualTo("0001.jpg");
        assertThatThrownBy(() -> ObjectKeys.join("frames/", "../x")).isInstanceOf(InvalidObjectKeyException.class);
    }
}
