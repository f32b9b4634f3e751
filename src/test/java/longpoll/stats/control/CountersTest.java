package longpoll.stats.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import longpoll.poll.entity.PollAnswered;
import longpoll.queue.entity.EntriesSetAside;
import longpoll.queue.entity.MessagesQueued;
import longpoll.queue.entity.RedisCallFailed;
import longpoll.stats.Scrape;
import longpoll.stats.entity.StatsSnapshot;
import longpoll.web.entity.RequestRefused;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each counter moves by what its event says, and only its own; the scrape carries the same
 * numbers, the histograms and the JVM's figures.
 */
class CountersTest {

    private static final Duration HELD = Duration.ofMillis(5);
    private static final Duration QUEUED_IN = Duration.ofMillis(3);

    private final Counters counters = new Counters();
    private final AtomicInteger waiting = new AtomicInteger();

    @BeforeEach
    void start() {
        counters.start(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), waiting::get);
    }

    @AfterEach
    void stop() {
        counters.stop();
    }

    @Test
    void answeredPollsCountTheirMessagesAndRedeliveriesApart() {
        counters.pollAnswered(answered(3, false, HELD));
        counters.pollAnswered(answered(2, true, HELD));
        counters.pollAnswered(answered(0, false, HELD));

        assertEquals(new StatsSnapshot(0, 2, 1, 0, 5, 2, 0, 0, 0, 0), counters.snapshot());
    }

    @Test
    void sendsRefusalsAndRedisErrorsCountOneEach() {
        counters.messagesQueued(new MessagesQueued(2, QUEUED_IN));
        counters.refused(RequestRefused.QUEUE_FULL);
        counters.refused(RequestRefused.NO_CAPACITY);
        counters.refused(RequestRefused.NO_CAPACITY);
        counters.redisCallFailed(new RedisCallFailed(new IllegalStateException("refused")));
        counters.entriesSetAside(new EntriesSetAside(3));

        assertEquals(new StatsSnapshot(0, 0, 0, 2, 0, 0, 1, 2, 1, 3), counters.snapshot());
    }

    @Test
    void gaugeReadsThePollRegistryAtEachSnapshot() {
        waiting.set(7);
        var first = counters.snapshot();
        waiting.set(2);
        var second = counters.snapshot();

        assertEquals(7, first.pollsWaiting());
        assertEquals(2, second.pollsWaiting());
    }

    @Test
    void scrapeCarriesTheCountersUnderTheirPrometheusNames() throws IOException {
        waiting.set(4);
        counters.pollAnswered(answered(3, true, HELD));
        counters.messagesQueued(new MessagesQueued(2, QUEUED_IN));
        counters.refused(RequestRefused.NO_CAPACITY);

        var scrape = Scrape.of(scrape());

        assertEquals(4, scrape.value("longpoll_polls_waiting"));
        assertEquals(1, scrape.value("longpoll_polls_with_messages_total"));
        assertEquals(0, scrape.value("longpoll_polls_timed_out_total"));
        assertEquals(2, scrape.value("longpoll_messages_sent_total"));
        assertEquals(3, scrape.value("longpoll_messages_delivered_total"));
        assertEquals(3, scrape.value("longpoll_messages_redelivered_total"));
        assertEquals(0, scrape.value("longpoll_refused_queue_full_total"));
        assertEquals(1, scrape.value("longpoll_refused_unavailable_total"));
        assertEquals(0, scrape.value("longpoll_redis_errors_total"));
        assertEquals(0, scrape.value("longpoll_entries_set_aside_total"));
    }

    @Test
    void holdTimesFallInTheirOutcomesBuckets() throws IOException {
        counters.pollAnswered(answered(1, false, Duration.ofMillis(50)));
        counters.pollAnswered(answered(0, false, Duration.ofSeconds(30)));
        counters.pollAnswered(answered(0, false, Duration.ofMillis(300)));

        var scrape = Scrape.of(scrape());

        assertEquals("histogram", scrape.type("longpoll_poll_hold_seconds"));
        assertEquals(0, scrape.value("longpoll_poll_hold_seconds_bucket{le=\"0.01\",outcome=\"messages\"}"));
        assertEquals(1, scrape.value("longpoll_poll_hold_seconds_bucket{le=\"0.1\",outcome=\"messages\"}"));
        assertEquals(1, scrape.value("longpoll_poll_hold_seconds_count{outcome=\"messages\"}"));
        assertEquals(0, scrape.value("longpoll_poll_hold_seconds_bucket{le=\"0.1\",outcome=\"timeout\"}"));
        assertEquals(1, scrape.value("longpoll_poll_hold_seconds_bucket{le=\"0.5\",outcome=\"timeout\"}"));
        assertEquals(1, scrape.value("longpoll_poll_hold_seconds_bucket{le=\"20.0\",outcome=\"timeout\"}"));
        assertEquals(2, scrape.value("longpoll_poll_hold_seconds_bucket{le=\"30.0\",outcome=\"timeout\"}"));
        assertEquals(2, scrape.value("longpoll_poll_hold_seconds_bucket{le=\"+Inf\",outcome=\"timeout\"}"));
        assertEquals(30.3, scrape.value("longpoll_poll_hold_seconds_sum{outcome=\"timeout\"}"), 1e-9);
    }

    @Test
    void deliveryLatencyIsReadFromFirstDeliveredIdsOnly() throws IOException {
        counters.pollAnswered(new PollAnswered(List.of(idMadeAgo(Duration.ofSeconds(2))), false, HELD));
        counters.pollAnswered(new PollAnswered(List.of(idMadeAgo(Duration.ofMinutes(5))), true, HELD)); // redelivered
        counters.pollAnswered(new PollAnswered(List.of("da39a3ee5e6b4b0d3255bfef95601890afd80709"), false, HELD));

        var scrape = Scrape.of(scrape());

        assertEquals("histogram", scrape.type("longpoll_delivery_seconds"));
        assertEquals(0, scrape.value("longpoll_delivery_seconds_bucket{le=\"1.0\"}"));
        assertEquals(1, scrape.value("longpoll_delivery_seconds_bucket{le=\"2.5\"}"));
        assertEquals(1, scrape.value("longpoll_delivery_seconds_count"));
    }

    @Test
    void queueingTimesAreAHistogramOfTheirOwn() throws IOException {
        counters.messagesQueued(new MessagesQueued(5, QUEUED_IN));

        var scrape = Scrape.of(scrape());

        assertEquals("histogram", scrape.type("longpoll_send_queueing_seconds"));
        assertEquals(0, scrape.value("longpoll_send_queueing_seconds_bucket{le=\"0.0025\"}"));
        assertEquals(1, scrape.value("longpoll_send_queueing_seconds_bucket{le=\"0.005\"}"));
        assertEquals(1, scrape.value("longpoll_send_queueing_seconds_count"));
    }

    @Test
    void scrapeHasTheJvmFigures() throws IOException {
        var scrape = Scrape.of(scrape());

        assertTrue(scrape.value("jvm_memory_used_bytes{area=\"heap\",id=\"" + anyHeapPool(scrape) + "\"}") >= 0);
        assertTrue(scrape.value("jvm_threads_live_threads") > 0);
        assertTrue(scrape.value("jvm_classes_loaded_classes") > 0);
        assertTrue(scrape.value("system_cpu_count") > 0);
        assertTrue(scrape.value("process_uptime_seconds") > 0);
        assertEquals("gauge", scrape.type("jvm_gc_max_data_size_bytes"));
    }

    @Test
    void scrapeIsInTheFormatItsContentTypeNames() {
        assertEquals(PrometheusTextFormatWriter.CONTENT_TYPE, Counters.CONTENT_TYPE);
    }

    private String scrape() throws IOException {
        var out = new ByteArrayOutputStream();
        counters.scrape(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String anyHeapPool(Scrape scrape) {
        return scrape.series()
                .filter(series -> series.startsWith("jvm_memory_used_bytes{area=\"heap\""))
                .findFirst()
                .orElseThrow()
                .replaceAll(".*id=\"([^\"]*)\".*", "$1");
    }

    /** A poll answered with {@code messages} messages, whose ids tell no time. */
    private static PollAnswered answered(int messages, boolean redelivered, Duration held) {
        return new PollAnswered(Collections.nCopies(messages, "id"), redelivered, held);
    }

    /** An id as {@code MessageIds.next()} makes them, made {@code ago}. */
    private static String idMadeAgo(Duration ago) {
        long made = System.currentTimeMillis() - ago.toMillis();
        return new UUID(made << 16 | 0x7000, 0x8000_0000_0000_0000L).toString();
    }
}
