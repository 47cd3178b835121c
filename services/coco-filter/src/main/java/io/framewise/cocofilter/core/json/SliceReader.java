package io.framewise.cocofilter.core.json;

import com.fasterxml.jackson.core.JsonParser;
import io.framewise.cocofilter.core.index.ByteRange;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Re-reads one indexed JSON value (an image, an annotation...) straight from its byte range in the input.
 * This is what lets the output follow coco-manager's order (annotations grouped by image) while holding only
 * one value in memory at a time.
 */
public final class SliceReader implements Closeable {

    private final Path file;
    private final FileChannel channel;
    private byte[] buffer = new byte[1 << 13];

    public SliceReader(Path file) throws IOException {
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
    }

    /**
     * Returns a parser positioned on the first token of the value. The parser reads a shared buffer: close it
     * before opening the next slice.
     */
    public JsonParser open(ByteRange range) throws IOException {
        int length = range.length();
        if (buffer.length < length) {
            buffer = new byte[Math.max(length, buffer.length * 2)];
        }
        ByteBuffer target = ByteBuffer.wrap(buffer, 0, length);
        while (target.hasRemaining()) {
            if (channel.read(target, range.start() + target.position()) < 0) {
                throw new IOException(file + " became shorter while it was being filtered");
            }
        }
        JsonParser p = CocoJson.FACTORY.createParser(buffer, 0, length);
        p.nextToken();
        return p;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
