package longpoll.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A poll sent over a socket of its own, as a client sends it, so that a test can do what an
 * HTTP client library would not: leave without reading the answer (a reloaded page, a closed
 * tab), or keep the connection open without a word (a second tab, a phone gone quiet).
 */
public final class RawPoll implements AutoCloseable {

    private final Socket socket;
    private final long sentAt = System.nanoTime();

    private RawPoll(Socket socket) {
        this.socket = socket;
    }

    /** @param pathAndQuery e.g. {@code poll/alice?timeout=5} */
    public static RawPoll open(URL deployed, String pathAndQuery) {
        try {
            var socket = new Socket("127.0.0.1", deployed.getPort());
            socket.getOutputStream()
                    .write(("GET /" + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + deployed.getPort()
                                    + "\r\nAccept: application/json\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new RawPoll(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the answer's status code, waiting up to {@code limit} for it. */
    public int status(Duration limit) {
        try {
            socket.setSoTimeout((int) limit.toMillis());
            InputStream in = socket.getInputStream();
            var line = new StringBuilder();
            for (int c = in.read(); c != '\r' && c != -1; c = in.read()) {
                line.append((char) c);
            }
            // "HTTP/1.1 204 No Content"
            return Integer.parseInt(line.toString().split(" ")[1]);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("No answer within " + limit.toMillis() + " ms", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How long since the poll was sent. */
    public Duration age() {
        return Duration.ofNanos(System.nanoTime() - sentAt);
    }

    /** Leaves: closes the connection without reading anything. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
