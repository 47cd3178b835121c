package io.framewise.evaluator.core.coco;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;

/** Reading COCO values off a streaming parser, with errors that name the field and the position. */
final class CocoJsonTokens {

    private final JsonParser parser;
    private final String source;

    CocoJsonTokens(JsonParser parser, String source) {
        this.parser = parser;
        this.source = source;
    }

    /** Reads an integral number (an id); {@code 7.0} is accepted as 7, as Python would compare it. */
    long readId(String field) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT) {
            return parser.getLongValue();
        }
        if (token == JsonToken.VALUE_NUMBER_FLOAT) {
            double value = parser.getDoubleValue();
            if (value == Math.rint(value) && Math.abs(value) < 0x1p53) {
                return (long) value;
            }
        }
        throw error("'" + field + "' must be an integer id, found " + describe(token));
    }

    double readNumber(String field) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            return parser.getDoubleValue();
        }
        throw error("'" + field + "' must be a number, found " + describe(token));
    }

    /** COCO writes {@code iscrowd} as 0/1; booleans are accepted too. */
    boolean readFlag(String field) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
            return token == JsonToken.VALUE_TRUE;
        }
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            return parser.getDoubleValue() != 0;
        }
        if (token == JsonToken.VALUE_NULL) {
            return false;
        }
        throw error("'" + field + "' must be 0 or 1, found " + describe(token));
    }

    /** Reads {@code [x, y, width, height]} into {@code into}. */
    void readBox(double[] into) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw error("'bbox' must be an array [x, y, width, height], found " + describe(parser.currentToken()));
        }
        int n = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (n == 4) {
                throw error("'bbox' has more than 4 numbers");
            }
            into[n++] = readNumber("bbox");
        }
        if (n != 4) {
            throw error("'bbox' has " + n + " numbers, expected 4");
        }
    }

    /** Reads an array of numbers; {@code null} when the current token is not an array. */
    double[] readNumbers(String field) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            return null;
        }
        double[] values = new double[64];
        int n = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (n == values.length) {
                values = Arrays.copyOf(values, n * 2);
            }
            values[n++] = readNumber(field);
        }
        return Arrays.copyOf(values, n);
    }

    String readText(String field) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token.isScalarValue()) {
            return parser.getText();
        }
        throw error("'" + field + "' must be a string, found " + describe(token));
    }

    void expect(JsonToken expected, String what) throws IOException {
        if (parser.currentToken() != expected) {
            throw error(what + " expected, found " + describe(parser.currentToken()));
        }
    }

    CocoFormatException error(String message) {
        JsonLocation where = parser.currentTokenLocation();
        return new CocoFormatException(source + " (line " + where.getLineNr() + ", column " + where.getColumnNr()
                + "): " + message);
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "end of input";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NULL -> "null";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            default -> token.toString();
        };
    }

    /** Reads one object of an array; the parser is on its START_OBJECT. */
    interface ElementReader {
        void read() throws IOException;
    }

    /** Reads an array of objects (the parser is on the array's start), each with {@code element}. */
    void readArray(String name, ElementReader element) throws IOException {
        expect(JsonToken.START_ARRAY, "'" + name + "' array");
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            expect(JsonToken.START_OBJECT, "an object in '" + name + "'");
            element.read();
        }
    }

    /** Reads one entry of {@code images} (the parser just past its START_OBJECT) and returns its id. */
    long readImageId() throws IOException {
        Long id = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            if (field.equals("id")) {
                id = readId("id");
            } else {
                parser.skipChildren();
            }
        }
        if (id == null) {
            throw error("an image without 'id'");
        }
        return id;
    }
}
