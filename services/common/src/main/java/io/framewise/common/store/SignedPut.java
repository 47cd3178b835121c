package io.framewise.common.store;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Uploads one in-memory object with a single S3 PUT, signed with AWS Signature Version 4 (payload signed, path-style
 * addressing as MinIO and s3proxy serve it), over a pool of kept-alive HTTP/1.1 connections.
 *
 * <p>This is the path of every small object a service writes, above all the frame-extractor's one JPEG per frame.
 * Through the MinIO client such a PUT cost about 0.7 ms of client CPU (argument builders, header maps, validation
 * regexes, an asynchronous dispatcher that renames its thread per call) and sent headers the server then parsed;
 * this costs about 0.17 ms and sends six headers. Everything else (large and streamed objects, reads, listings)
 * stays with the MinIO client.
 */
final class SignedPut {

    private static final int MAX_IDLE = 32;
    /** Idle connections older than this are not reused: servers close connections left idle (Jetty's default: after 30 s). */
    private static final long MAX_IDLE_NANOS = 20_000_000_000L;
    private static final int CONNECT_TIMEOUT_MS = 30_000;
    private static final int READ_TIMEOUT_MS = 300_000;
    private static final String SIGNED_HEADERS = "host;x-amz-content-sha256;x-amz-date";
    private static final HexFormat HEX = HexFormat.of();
    private static final HexFormat PERCENT_HEX = HexFormat.of().withUpperCase();
    private static final Pattern XML_CODE = Pattern.compile("<Code>([^<]*)</Code>");
    private static final Pattern XML_MESSAGE = Pattern.compile("<Message>([^<]*)</Message>");

    private final String host;
    private final int port;
    private final boolean https;
    /** The Host header, and the host line of the canonical request: host, plus ":port" unless it is the default. */
    private final String hostHeader;
    private final String region;
    private final String accessKey;
    private final String secretKey;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private volatile Day day = new Day("", null);
    private volatile Second second = new Second(Long.MIN_VALUE, "");

    SignedPut(StoreSettings settings) {
        URI uri = URI.create(settings.endpoint());
        this.https = "https".equalsIgnoreCase(uri.getScheme());
        this.host = uri.getHost();
        int defaultPort = https ? 443 : 80;
        this.port = uri.getPort() < 0 ? defaultPort : uri.getPort();
        this.hostHeader = port == defaultPort ? host : host + ":" + port;
        this.region = settings.region() == null || settings.region().isBlank() ? "us-east-1" : settings.region();
        this.accessKey = settings.accessKey();
        this.secretKey = settings.secretKey();
    }

    /** The response to a PUT: its status, ETag and (for errors) the body. */
    private record Response(int status, String eTag, String body, boolean keepAlive) {
    }

    /** PUTs {@code data} as {@code bucket/key}; returns the stored object's ETag. */
    String put(String bucket, String key, byte[] data, String contentType) throws IOException {
        byte[] request = request(bucket, key, data, contentType);
        Response response = null;
        Connection pooled = pooled();
        if (pooled != null) {
            try {
                response = exchange(pooled, request);
            } catch (IOException closedInBetween) {
                // The server closed this kept-alive connection while it was idle; a PUT may be repeated on a new one.
            }
        }
        if (response == null) {
            response = exchange(open(), request);
        }
        if (response.status() / 100 != 2) {
            throw new S3Error(response.status(), find(XML_CODE, response.body()), find(XML_MESSAGE, response.body()));
        }
        return response.eTag() == null ? null : response.eTag().replace("\"", "");
    }

    /** An idle connection that is not too old, or null. */
    private Connection pooled() {
        for (Connection c = idle.pollFirst(); c != null; c = idle.pollFirst()) {
            if (!c.stale()) {
                return c;
            }
            c.close();
        }
        return null;
    }

    /** Sends the request and reads the answer; the connection goes back to the pool when it can carry another. */
    private Response exchange(Connection connection, byte[] request) throws IOException {
        Response response;
        try {
            response = connection.exchange(request);
        } catch (IOException e) {
            connection.close();
            throw e;
        }
        if (response.keepAlive() && idle.size() < MAX_IDLE) {
            connection.lastUsed = System.nanoTime();
            idle.offerFirst(connection);
        } else {
            connection.close();
        }
        return response;
    }

    /** An error answer of the server, with its S3 error code when it gave one. */
    static final class S3Error extends IOException {
        S3Error(int status, String code, String message) {
            super(code == null ? "HTTP " + status : code + (message == null ? "" : " " + message));
        }
    }

    private static String find(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    /** The whole request, head and body, in one array so it goes out in one write. */
    private byte[] request(String bucket, String key, byte[] data, String contentType) {
        String path = "/" + bucket + "/" + encodePath(key);
        String payloadHash = HEX.formatHex(sha256().digest(data));
        String amzDate = amzDate();
        String date = amzDate.substring(0, 8);
        String scope = date + "/" + region + "/s3/aws4_request";
        String canonicalRequest = "PUT\n" + path + "\n\n"
                + "host:" + hostHeader + "\nx-amz-content-sha256:" + payloadHash + "\nx-amz-date:" + amzDate + "\n\n"
                + SIGNED_HEADERS + "\n" + payloadHash;
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                + HEX.formatHex(sha256().digest(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        String signature = HEX.formatHex(signingMac(date).doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        String head = "PUT " + path + " HTTP/1.1\r\n"
                + "Host: " + hostHeader + "\r\n"
                + "Content-Length: " + data.length + "\r\n"
                + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
                + "x-amz-content-sha256: " + payloadHash + "\r\n"
                + "x-amz-date: " + amzDate + "\r\n"
                + "Authorization: AWS4-HMAC-SHA256 Credential=" + accessKey + "/" + scope + ", SignedHeaders=" + SIGNED_HEADERS
                + ", Signature=" + signature + "\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.UTF_8);
        byte[] request = new byte[headBytes.length + data.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(data, 0, request, headBytes.length, data.length);
        return request;
    }

    /** SigV4's URI encoding of a key: every byte but the unreserved characters and '/' as %XX. */
    static String encodePath(String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 16);
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
                out.append((char) c);
            } else {
                out.append('%').append(PERCENT_HEX.toHexDigits(b));
            }
        }
        return out.toString();
    }

    /** The current time as {@code yyyyMMdd'T'HHmmss'Z'}, formatted once per second. */
    private String amzDate() {
        long now = System.currentTimeMillis() / 1000;
        Second cached = second;
        if (cached.epochSecond == now) {
            return cached.text;
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(now, 0, ZoneOffset.UTC);
        String text = String.format(Locale.ROOT, "%04d%02d%02dT%02d%02d%02dZ", t.getYear(), t.getMonthValue(),
                t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond());
        second = new Second(now, text);
        return text;
    }

    private record Second(long epochSecond, String text) {
    }

    /** The signing key of a day (it depends only on the date, region and secret), as an initialized MAC to clone. */
    private record Day(String date, Mac mac) {
    }

    private Mac signingMac(String date) {
        Day cached = day;
        try {
            if (!cached.date.equals(date)) {
                byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), date);
                key = hmac(hmac(hmac(key, region), "s3"), "aws4_request");
                cached = new Day(date, mac(key));
                day = cached;
            }
            return (Mac) cached.mac.clone();
        } catch (GeneralSecurityException | CloneNotSupportedException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static byte[] hmac(byte[] key, String data) throws GeneralSecurityException {
        return mac(key).doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private static Mac mac(byte[] key) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac;
    }

    private static final MessageDigest SHA256 = newSha256();

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** A fresh digest, cloned from a prototype: cheaper than looking the algorithm up per call. */
    private static MessageDigest sha256() {
        try {
            return (MessageDigest) SHA256.clone();
        } catch (CloneNotSupportedException e) {
            return newSha256();
        }
    }

    private Connection open() throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(READ_TIMEOUT_MS);
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
            if (https) {
                SSLSocket tls = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(socket, host, port, true);
                SSLParameters parameters = tls.getSSLParameters();
                // SSLSocket checks the certificate's chain, not its name, unless asked to.
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                tls.setSSLParameters(parameters);
                return new Connection(tls);
            }
            return new Connection(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** One kept-alive connection; used by one request at a time. */
    private static final class Connection {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        long lastUsed = System.nanoTime();

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
            this.in = new BufferedInputStream(socket.getInputStream(), 8192);
        }

        boolean stale() {
            return System.nanoTime() - lastUsed > MAX_IDLE_NANOS;
        }

        Response exchange(byte[] request) throws IOException {
            try {
                return send(request);
            } catch (NumberFormatException e) {
                throw new IOException("malformed HTTP response from the store: " + e.getMessage(), e);
            }
        }

        private Response send(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            String statusLine = line();
            // "HTTP/1.1 200 OK"
            if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
                throw new IOException("not an HTTP response: " + statusLine);
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            boolean keepAlive = statusLine.startsWith("HTTP/1.1");
            long length = -1;
            boolean chunked = false;
            String eTag = null;
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = header.substring(0, colon).trim();
                String value = header.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Content-Length")) {
                    length = Long.parseLong(value);
                } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                    chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                } else if (name.equalsIgnoreCase("ETag")) {
                    eTag = value;
                } else if (name.equalsIgnoreCase("Connection")) {
                    keepAlive &= !value.equalsIgnoreCase("close");
                }
            }
            String body;
            if (chunked) {
                body = chunkedBody();
            } else if (length >= 0) {
                body = new String(in.readNBytes((int) length), StandardCharsets.UTF_8);
            } else {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                keepAlive = false;
            }
            return new Response(status, eTag, body, keepAlive);
        }

        private String chunkedBody() throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String size = line();
                int semicolon = size.indexOf(';');
                int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
                if (n == 0) {
                    while (!line().isEmpty()) {
                        // trailers
                    }
                    return body.toString(StandardCharsets.UTF_8);
                }
                body.write(in.readNBytes(n));
                line();
            }
        }

        /** One header line without its CRLF. */
        private String line() throws IOException {
            StringBuilder line = new StringBuilder(64);
            while (true) {
                int c = in.read();
                if (c < 0) {
                    throw new EOFException("the store closed the connection");
                }
                if (c == '\n') {
                    int end = line.length();
                    return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
                }
                line.append((char) c);
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }
}
