package longpoll.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * One HTTP/1.1 connection kept alive across requests, as an HTTP client keeps it: a test sends GET
 * requests on it one after the other and reads each answer whole, and learns when the connection
 * ended before an answer came (a proxy cut it), which a client library would hide behind retries.
 */
public final class RawConnection implements AutoCloseable {

    /** A whole answer; {@code closing} when the server said it closes the connection after it. */
    public record Answer(int status, String body, boolean closing) {}

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final int port;
    private int answers;

    private RawConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.port = socket.getPort();
    }

    /** Connects to 127.0.0.1:{@code port}. */
    public static RawConnection open(int port) {
        try {
            var socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setTcpNoDelay(true);
            return new RawConnection(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends {@code GET /pathAndQuery} and reads its answer, waiting up to {@code limit} for it.
     *
     * @return the answer, or null when the connection ended before all of it came
     */
    public Answer get(String pathAndQuery, Duration limit) {
        try {
            socket.setSoTimeout((int) limit.toMillis());
            out.write(("GET /" + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                            + "\r\nAccept: application/json\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Answer answer = readAnswer();
            answers++;
            return answer;
        } catch (SocketTimeoutException e) {
            throw new AssertionError("No answer to " + pathAndQuery + " within " + limit.toMillis() + " ms", e);
        } catch (IOException ended) {
            return null;
        }
    }

    /** How many whole answers came on this connection. */
    public int answers() {
        return answers;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // Closed already.
        }
    }

    private Answer readAnswer() throws IOException {
        // "HTTP/1.1 200 OK"
        int status = Integer.parseInt(line().split(" ")[1]);
        long length = -1;
        boolean chunked = false;
        boolean closing = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.contains("chunked");
                case "connection" -> closing = value.contains("close");
                default -> {}
            }
        }
        var body = new ByteArrayOutputStream();
        if (chunked) {
            for (int size = Integer.parseInt(line().split(";")[0].trim(), 16);
                    size > 0;
                    size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
                body.write(bytes(size));
                line();
            }
            while (!line().isEmpty()) {
                // trailers
            }
        } else if (length > 0) {
            body.write(bytes((int) length));
        } else if (length < 0 && status != 204 && status != 304) {
            in.transferTo(body); // until the server closes
            closing = true;
        }
        return new Answer(status, body.toString(StandardCharsets.UTF_8), closing);
    }

    private String line() throws IOException {
        var line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c == -1) {
                throw new EOFException("the connection ended within an answer");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private byte[] bytes(int count) throws IOException {
        byte[] bytes = in.readNBytes(count);
        if (bytes.length < count) {
            throw new EOFException("the connection ended within an answer");
        }
        return bytes;
    }
}
