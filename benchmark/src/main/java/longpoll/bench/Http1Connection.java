package longpoll.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection that carries one request at a time, on the caller's
 * (virtual) thread. The load generator shares two cores with the server it measures, and the
 * JDK's HTTP client took 0.3 to 0.5 ms of CPU per message: this does the least a client must
 * (write the request, read the status, the length and the body), so more of the cores is the
 * server's.
 *
 * <p>A failed exchange closes the connection; the next one opens a new one.
 */
final class Http1Connection implements AutoCloseable {

    /**
     * The status and body of an answer.
     *
     * @param retryAfterSeconds the answer's {@code Retry-After} in seconds, or 0
     */
    record Answer(int status, String body, long retryAfterSeconds) {}

    private static final int BUFFER_BYTES = 2048;

    private final String host;
    private final int port;
    private final String hostHeader;
    private final int readTimeoutMillis;
    private volatile Socket socket;
    private InputStream in;
    private OutputStream out;
    private volatile boolean closed;

    /** @param server any URL of the server: only its host and port are used */
    Http1Connection(URI server, Duration readTimeout) {
        this.host = server.getHost();
        this.port = server.getPort();
        this.hostHeader = "Host: " + host + ":" + port + "\r\n";
        this.readTimeoutMillis = Math.toIntExact(readTimeout.toMillis());
    }

    /** @param target the path and query, e.g. {@code /poll/c1?timeout=2} */
    Answer get(String target) throws IOException {
        return exchange(
                ("GET " + target + " HTTP/1.1\r\n" + hostHeader + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    Answer postJson(String target, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("POST " + target + " HTTP/1.1\r\n" + hostHeader + "Content-Type: application/json\r\n"
                        + "Content-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = new byte[head.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        return exchange(request);
    }

    /** A CORS preflight: may a page of {@code origin} POST to the target? */
    Answer preflight(String target, String origin) throws IOException {
        return exchange(("OPTIONS " + target + " HTTP/1.1\r\n" + hostHeader + "Origin: " + origin + "\r\n"
                        + "Access-Control-Request-Method: POST\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Ends the connection, and makes an exchange waiting on it fail at once. */
    @Override
    public void close() {
        closed = true;
        disconnect();
    }

    private Answer exchange(byte[] request) throws IOException {
        try {
            connectIfNeeded();
            out.write(request);
            out.flush();
            return readAnswer();
        } catch (IOException e) {
            disconnect();
            throw e;
        } catch (RuntimeException e) {
            disconnect();
            throw new IOException("Not an HTTP/1.1 answer: " + e, e);
        }
    }

    private void connectIfNeeded() throws IOException {
        if (closed) {
            throw new IOException("Connection closed");
        }
        if (socket == null) {
            socket = new Socket(host, port);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(readTimeoutMillis);
            in = new BufferedInputStream(socket.getInputStream(), BUFFER_BYTES);
            out = socket.getOutputStream();
        }
    }

    private Answer readAnswer() throws IOException {
        String statusLine = readLine();
        int status = Integer.parseInt(statusLine.substring(9, 12)); // "HTTP/1.1 200 OK"
        long length = -1;
        boolean chunked = false;
        boolean closeAfter = false;
        long retryAfterSeconds = 0;
        for (String header = readLine(); !header.isEmpty(); header = readLine()) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                closeAfter = true;
            } else if (lower.startsWith("retry-after:")) {
                retryAfterSeconds = parseSeconds(lower.substring(12).trim());
            }
        }
        boolean bodyless = status == 204 || status == 304;
        boolean endsWithConnection = !bodyless && !chunked && length < 0;
        String body = bodyless ? "" : chunked ? readChunked() : readBody(length);
        if (closeAfter || endsWithConnection) {
            disconnect();
        }
        return new Answer(status, body, retryAfterSeconds);
    }

    /** A {@code Retry-After} in seconds; its other form, a date, counts as none. */
    private static long parseSeconds(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private String readChunked() throws IOException {
        var body = new ByteArrayOutputStream();
        for (int size = chunkSize(); size > 0; size = chunkSize()) {
            body.write(in.readNBytes(size));
            readLine();
        }
        for (String trailer = readLine(); !trailer.isEmpty(); trailer = readLine()) {
            // trailers carry nothing the benchmark reads
        }
        return body.toString(StandardCharsets.UTF_8);
    }

    private int chunkSize() throws IOException {
        String line = readLine();
        int extension = line.indexOf(';');
        return Integer.parseInt((extension < 0 ? line : line.substring(0, extension)).trim(), 16);
    }

    /** Without a length the body ends with the connection. */
    private String readBody(long length) throws IOException {
        byte[] body = length < 0 ? in.readAllBytes() : in.readNBytes(Math.toIntExact(length));
        if (length >= 0 && body.length < length) {
            throw new EOFException("The answer ended after " + body.length + " of " + length + " bytes");
        }
        return new String(body, StandardCharsets.UTF_8);
    }

    private String readLine() throws IOException {
        var line = new StringBuilder(64);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("The connection ended in the middle of an answer");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private void disconnect() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        socket = null;
    }
}
