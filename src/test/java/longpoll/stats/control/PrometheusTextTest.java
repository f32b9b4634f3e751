package longpoll.stats.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import longpoll.stats.entity.StatsSnapshot;
import org.junit.jupiter.api.Test;

/** The Prometheus text that {@code GET /stats/prometheus} serves, checked line by line against the format. */
class PrometheusTextTest {

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final StatsSnapshot STATS = new StatsSnapshot(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);

    @Test
    void everyFieldIsOneSampleWithItsValue() {
        Map<String, Long> samples = samples(PrometheusText.of(STATS));

        assertEquals(Map.ofEntries(
                Map.entry("longpoll_polls_waiting", 1L),
                Map.entry("longpoll_poll_tasks_active", 2L),
                Map.entry("longpoll_polls_with_messages_total", 3L),
                Map.entry("longpoll_polls_timed_out_total", 4L),
                Map.entry("longpoll_messages_sent_total", 5L),
                Map.entry("longpoll_messages_delivered_total", 6L),
                Map.entry("longpoll_messages_redelivered_total", 7L),
                Map.entry("longpoll_refused_queue_full_total", 8L),
                Map.entry("longpoll_refused_unavailable_total", 9L),
                Map.entry("longpoll_redis_errors_total", 10L),
                Map.entry("longpoll_entries_set_aside_total", 11L)), samples);
    }

    @Test
    void eachSampleFollowsItsHelpAndTypeAndCountersEndInTotal() {
        List<String> lines = PrometheusText.of(STATS).lines().toList();

        assertEquals(3 * 11, lines.size());
        for (int i = 0; i < lines.size(); i += 3) {
            String name = lines.get(i + 2).split(" ")[0];
            assertTrue(METRIC_NAME.matcher(name).matches(), name);
            assertTrue(lines.get(i).startsWith("# HELP " + name + " "), lines.get(i));
            String type = lines.get(i + 1);
            assertTrue(type.equals("# TYPE " + name + " counter") || type.equals("# TYPE " + name + " gauge"), type);
            assertEquals(type.endsWith("counter"), name.endsWith("_total"), name);
        }
    }

    @Test
    void textEndsWithALineFeedAndHasNoCarriageReturns() {
        String text = PrometheusText.of(STATS);

        assertTrue(text.endsWith("\n"));
        assertTrue(text.indexOf('\r') < 0);
    }

    /** A minimal reader of the format: comments skipped, each other line a name and a value. */
    static Map<String, Long> samples(String text) {
        var samples = new LinkedHashMap<String, Long>();
        text.lines().filter(line -> !line.startsWith("#")).forEach(line -> {
            String[] parts = line.split(" ");
            assertEquals(2, parts.length, line);
            samples.put(parts[0], Long.parseLong(parts[1]));
        });
        return samples;
    }
}
