package io.framewise.common.store;

import java.nio.charset.StandardCharsets;

/**
 * The rules every object key and prefix must pass before Framewise reads or writes it. Keys come from
 * users (request files, REST calls, uploads), so a key that could escape a folder or confuse a
 * file-backed store is refused rather than repaired.
 */
public final class ObjectKeys {

    public static final int MAX_KEY_BYTES = 1024;

    private ObjectKeys() {
    }

    /** Returns the key when it is a valid object key, otherwise throws with the reason. */
    public static String requireValidKey(String key) {
        check(key, false);
        return key;
    }

    /** Returns the prefix when valid: like a key, but it may be empty and may end with '/'. */
    public static String requireValidPrefix(String prefix) {
        if (prefix != null && prefix.isEmpty()) {
            return prefix;
        }
        check(prefix, true);
        return prefix;
    }

    /** Joins a prefix and a relative name with exactly one '/', validating the result as a key. */
    public static String join(String prefix, String name) {
        String joined = prefix.isEmpty() || prefix.endsWith("/") ? prefix + name : prefix + "/" + name;
        return requireValidKey(joined);
    }

    private static void check(String key, boolean prefix) {
        String what = prefix ? "prefix" : "object key";
        if (key == null || key.isEmpty()) {
            throw new InvalidObjectKeyException("empty " + what);
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new InvalidObjectKeyException(what + " '" + printable(key) + "' contains control character U+"
                        + String.format("%04X", (int) c) + " at position " + i);
            }
            if (c == '\\') {
                throw new InvalidObjectKeyException(what + " '" + key + "' contains a backslash; use '/' between folders");
            }
        }
        if (key.startsWith("/")) {
            throw new InvalidObjectKeyException(what + " '" + key + "' is absolute (starts with '/'); keys are relative to their bucket");
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw new InvalidObjectKeyException(what + " is longer than " + MAX_KEY_BYTES + " bytes");
        }
        String body = prefix && key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
        String[] segments = body.split("/", -1);
        for (String segment : segments) {
            if (segment.isEmpty()) {
                throw new InvalidObjectKeyException(what + " '" + key + "' has an empty path segment ('//' or a trailing '/')");
            }
            if (segment.equals("..") || segment.equals(".")) {
                throw new InvalidObjectKeyException(what + " '" + key + "' contains a '" + segment + "' segment; relative path segments are not allowed");
            }
        }
    }

    private static String printable(String key) {
        StringBuilder out = new StringBuilder();
        for (char c : key.toCharArray()) {
            out.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.toString();
    }
}
