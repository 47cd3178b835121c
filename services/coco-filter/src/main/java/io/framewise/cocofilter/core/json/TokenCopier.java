package io.framewise.cocofilter.core.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Copies JSON from a parser to a generator token by token, so fields we do not know pass through unchanged.
 * Numbers are copied as their text, never through a double, so {@code 0.1}, {@code 1e-05} or a 20-digit id
 * come out exactly as they went in.
 */
public final class TokenCopier {

    private TokenCopier() {
    }

    /** Copies the current token and, for an object or array, everything up to its matching end. */
    public static void copyValue(JsonParser p, JsonGenerator g) throws IOException {
        int depth = 0;
        do {
            JsonToken t = p.currentToken();
            copyToken(p, g, t);
            if (t.isStructStart()) {
                depth++;
            } else if (t.isStructEnd()) {
                depth--;
            }
        } while (depth > 0 && p.nextToken() != null);
    }

    /**
     * Copies the object the parser is on, writing {@code replacement} as the value of its top-level field
     * {@code field}, wherever that field is, so the key order of the input is kept.
     *
     * @param captured if not null, the top-level string field whose value to return (e.g. file_name)
     * @return the captured field's string value, or null when absent or not a string
     */
    public static String copyObjectReplacing(JsonParser p, JsonGenerator g, String field, long replacement,
                                             String captured) throws IOException {
        String capturedValue = null;
        g.writeStartObject();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            g.writeFieldName(name);
            JsonToken value = p.nextToken();
            if (name.equals(field)) {
                p.skipChildren();
                g.writeNumber(replacement);
                continue;
            }
            if (name.equals(captured) && value == JsonToken.VALUE_STRING) {
                capturedValue = p.getText();
            }
            copyValue(p, g);
        }
        g.writeEndObject();
        return capturedValue;
    }

    private static void copyToken(JsonParser p, JsonGenerator g, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT -> g.writeStartObject();
            case END_OBJECT -> g.writeEndObject();
            case START_ARRAY -> g.writeStartArray();
            case END_ARRAY -> g.writeEndArray();
            case FIELD_NAME -> g.writeFieldName(p.currentName());
            case VALUE_STRING -> g.writeString(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> g.writeNumber(p.getText());
            case VALUE_TRUE -> g.writeBoolean(true);
            case VALUE_FALSE -> g.writeBoolean(false);
            case VALUE_NULL -> g.writeNull();
            default -> throw new IllegalStateException("unexpected JSON token " + t + " at " + p.currentLocation());
        }
    }
}
