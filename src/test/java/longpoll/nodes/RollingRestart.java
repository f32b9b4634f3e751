package longpoll.nodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import longpoll.support.Api;
import longpoll.support.Pause;
import longpoll.support.Ports;
import longpoll.support.RedisProcess;
import longpoll.support.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node in a rolling restart, as a load balancer in front of it sees it: from its start until its
 * API answers, and from SIGTERM until its process ends, every poll is refused at the connection
 * or answered {@code 503} with {@code Retry-After} and a JSON error, which a proxy retries on
 * another node; never {@code 404} or {@code 500}, which it would pass on to the client. Polled
 * every 20 ms, each poll on a new connection, on a server started as docs/deployment.md starts it.
 */
abstract class RollingRestart {

    /** From this test's own port range (see docs/deployment.md, Scaling). */
    static final int REDIS_PORT = 16783;

    private static final Duration PROBE_EVERY = Duration.ofMillis(20);
    /** Far longer than a start on 2 busy cores. */
    private static final Duration STARTS_WITHIN = Duration.ofMinutes(3);
    /** Polls that answer before the probing stops, once the node is ready. */
    private static final int ANSWERS_AFTER_READY = 20;

    private static final int HELD_POLLS = 20;
    /** The held polls' timeout, the longest a client may ask for: longer than the test's stop. */
    private static final String HELD_FOR_SECONDS = "30";

    static final Path TARGET = Path.of(System.getProperty("longpoll.war")).getParent();

    private static RedisProcess redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisProcess.inMemory(REDIS_PORT);
        redis.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.stop();
    }

    @Test
    void aStartingNodeRefusesPollsOrAnswers503UntilItIsReady() throws Exception {
        int port = Ports.free();
        var node = node(port, "rolling-restart-starting.log");
        try (var probes = new Probes(port)) {
            node.start();
            var firstAnswered = probes.until(
                    answers -> answers.stream().filter(Answer::isAnswered).count() >= ANSWERS_AFTER_READY,
                    STARTS_WITHIN);
            assertTrue(firstAnswered, "the node never answered a poll: " + probes.summary());

            List<Answer> beforeReady = probes.answers().stream()
                    .takeWhile(answer -> !answer.isAnswered())
                    .toList();
            assertFalse(beforeReady.isEmpty(), "no poll came before the node was ready: " + probes.summary());
            assertTrue(
                    beforeReady.stream().allMatch(answer -> answer.isRefused() || answer.isComeBackLater()),
                    "before its first 204, the starting node answered " + probes.summary());
        } finally {
            node.terminate();
        }
    }

    @Test
    void aStoppingNodeAnswersWhatItHoldsAnd503sUntilItsPortCloses() throws Exception {
        int port = Ports.free();
        var node = node(port, "rolling-restart-stopping.log");
        try {
            node.startAndAwaitReady();
            var api = new Api(URI.create("http://127.0.0.1:" + port + "/").toURL());
            List<CompletableFuture<HttpResponse<String>>> held = IntStream.range(0, HELD_POLLS)
                    .mapToObj(i -> api.pollAsync("held-" + i, HELD_FOR_SECONDS))
                    .toList();
            Pause.millis(1000);
            assertTrue(
                    held.stream().noneMatch(CompletableFuture::isDone),
                    "a held poll was answered before SIGTERM: "
                            + held.stream()
                                    .filter(CompletableFuture::isDone)
                                    .map(poll -> poll.handle((answer, failure) -> failure != null
                                                    ? failure.toString()
                                                    : answer.statusCode() + " " + answer.body())
                                            .join())
                                    .toList());

            try (var probes = new Probes(port)) {
                probes.until(answers -> answers.size() >= 10, Duration.ofSeconds(30));
                int beforeSigterm = probes.answers().size();
                node.terminate();
                int beforeExit = probes.answers().size();
                probes.until(answers -> answers.size() >= beforeExit + 10, Duration.ofSeconds(30));

                List<Answer> answers = probes.answers();
                List<Answer> afterSigterm = answers.subList(beforeSigterm, answers.size());
                var fromTheStop =
                        afterSigterm.stream().dropWhile(Answer::isAnswered).toList();
                int warGone = IntStream.range(0, fromTheStop.size())
                                .filter(i -> fromTheStop.get(i).isComeBackLater())
                                .max()
                                .orElse(-1)
                        + 1; // after the WAR's last answer
                assertTrue(
                        fromTheStop.subList(0, warGone).stream()
                                        .allMatch(answer -> answer.isRefused() || answer.isComeBackLater())
                                && fromTheStop.subList(warGone, fromTheStop.size()).stream()
                                        .allMatch(answer -> answer.isRefused() || isAnswerWithoutTheWar(answer)),
                        "from SIGTERM on, the stopping node answered " + summary(afterSigterm));
                assertTrue(
                        fromTheStop.stream().anyMatch(Answer::isRefused),
                        "the port never closed while polled: " + summary(afterSigterm));
            }
            for (var poll : held) {
                var answer = poll.get();
                assertEquals(503, answer.statusCode(), "a held poll at SIGTERM: " + answer.body());
                assertTrue(
                        answer.headers().firstValue("Retry-After").isPresent(),
                        "a held poll's 503 without Retry-After");
            }
        } finally {
            node.terminate(); // also when an assertion failed before SIGTERM: no node is left running
        }
    }

    /** The server under test, with the WAR, on {@code port}, its console in {@code log} in target/. */
    abstract ServerProcess node(int port, String log);

    /**
     * What the server may answer itself once the WAR is gone and before its port closes, after the
     * WAR's last answer: nothing where the WAR closes the port before it goes (Payara).
     */
    boolean isAnswerWithoutTheWar(Answer answer) {
        return false;
    }

    private static String summary(List<Answer> answers) {
        return answers.stream()
                .collect(Collectors.groupingBy(Answer::describe, TreeMap::new, Collectors.counting()))
                .toString();
    }

    /**
     * What one poll got: no connection ({@code status} 0), or the status, {@code Retry-After}, the
     * type and the start of the body of its answer.
     */
    record Answer(int status, Optional<String> retryAfter, String contentType, String body) {

        static final Answer REFUSED = new Answer(0, Optional.empty(), "", "");

        boolean isRefused() {
            return status == 0;
        }

        /** A 200 or a 204: the node's API answered. */
        boolean isAnswered() {
            return status == 200 || status == 204;
        }

        boolean isComeBackLater() {
            return status == 503
                    && retryAfter.isPresent()
                    && contentType.startsWith("application/json")
                    && body.startsWith("{\"error\"");
        }

        String describe() {
            return isRefused()
                    ? "no connection"
                    : status + (retryAfter.isPresent() ? " Retry-After" : "") + " " + contentType + " "
                            + body.substring(0, Math.min(60, body.length()));
        }
    }

    /**
     * Polls the node every 20 ms with a short poll, each on a connection of its own, on a virtual
     * thread, and keeps the answers in the order the polls were sent.
     */
    private static final class Probes implements AutoCloseable {

        private static final int CONNECT_TIMEOUT_MILLIS = 1000;
        private static final int READ_TIMEOUT_MILLIS = 10_000;

        private final int port;
        private final ConcurrentLinkedQueue<CompletableFuture<Answer>> sent = new ConcurrentLinkedQueue<>();
        private final AtomicInteger number = new AtomicInteger();
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        private final ExecutorService polls = Executors.newVirtualThreadPerTaskExecutor();

        Probes(int port) {
            this.port = port;
            timer.scheduleAtFixedRate(
                    () -> sent.add(CompletableFuture.supplyAsync(this::poll, polls)),
                    0,
                    PROBE_EVERY.toMillis(),
                    TimeUnit.MILLISECONDS);
        }

        /** Waits until {@code enough} holds for the answers so far, or {@code limit} has passed. */
        boolean until(Predicate<List<Answer>> enough, Duration limit) {
            long end = System.nanoTime() + limit.toNanos();
            while (System.nanoTime() < end) {
                if (enough.test(answers())) {
                    return true;
                }
                Pause.millis(PROBE_EVERY.toMillis());
            }
            return false;
        }

        /** The answers of the polls sent so far, in the order they were sent, up to the first still under way. */
        List<Answer> answers() {
            return sent.stream()
                    .takeWhile(CompletableFuture::isDone)
                    .map(CompletableFuture::join)
                    .toList();
        }

        String summary() {
            return RollingRestart.summary(answers());
        }

        private Answer poll() {
            try (var socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), CONNECT_TIMEOUT_MILLIS);
                socket.setSoTimeout(READ_TIMEOUT_MILLIS);
                OutputStream out = socket.getOutputStream();
                out.write(("GET /poll/probe-" + number.incrementAndGet() + "?timeout=0.01 HTTP/1.1\r\n"
                                + "Host: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return parse(socket.getInputStream());
            } catch (IOException noConnection) {
                return Answer.REFUSED;
            }
        }

        /** The answer's head and body, read until the server closes the connection. */
        private static Answer parse(InputStream in) throws IOException {
            String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            if (text.isEmpty()) {
                return Answer.REFUSED;
            }
            int headEnd = text.indexOf("\r\n\r\n");
            String head = headEnd < 0 ? text : text.substring(0, headEnd);
            String body = headEnd < 0 ? "" : text.substring(headEnd + 4);
            var lines = head.split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            return new Answer(
                    status,
                    header(lines, "Retry-After"),
                    header(lines, "Content-Type").orElse(""),
                    body);
        }

        private static Optional<String> header(String[] lines, String name) {
            for (String line : lines) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return Optional.of(line.substring(colon + 1).trim());
                }
            }
            return Optional.empty();
        }

        @Override
        public void close() {
            timer.shutdownNow();
            polls.close();
        }
    }
}
