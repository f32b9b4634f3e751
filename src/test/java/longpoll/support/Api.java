package longpoll.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * An HTTP client of the server under test. It always talks to 127.0.0.1, whatever address
 * Arquillian reports, and gives up on any request after a while, so a hung poll fails a test
 * instead of hanging the suite.
 */
public final class Api {

    private static final Duration REQUEST_LIMIT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final URI base;

    public Api(URL deployed) {
        this.base = URI.create("http://127.0.0.1:" + deployed.getPort() + "/");
    }

    /** The server's root, http://127.0.0.1:port/. */
    public URI base() {
        return base;
    }

    public HttpResponse<String> poll(String clientId) {
        return await(pollAsync(clientId));
    }

    public CompletableFuture<HttpResponse<String>> pollAsync(String clientId) {
        return sendAsync(request("poll/" + clientId).GET());
    }

    /** @param seconds the poll's timeout, e.g. "0.5" */
    public CompletableFuture<HttpResponse<String>> pollAsync(String clientId, String seconds) {
        return sendAsync(request("poll/" + clientId + "?timeout=" + seconds).GET());
    }

    /** Sends {@code messageJson} (JSON text) to a client with {@code POST /poll/send}. */
    public HttpResponse<String> send(String to, String messageJson) {
        return post("poll/send", "{\"to\": \"" + to + "\", \"message\": " + messageJson + "}");
    }

    public HttpResponse<String> post(String path, String body) {
        return await(sendAsync(
                request(path).header("Content-Type", "application/json").POST(BodyPublishers.ofString(body))));
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        return await(sendAsync(request));
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_LIMIT);
    }

    public CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest.Builder request) {
        return HTTP.sendAsync(request.build(), BodyHandlers.ofString());
    }

    private static HttpResponse<String> await(CompletableFuture<HttpResponse<String>> response) {
        try {
            return response.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw e;
        }
    }
}
