package longpoll.stats.control;

import longpoll.stats.entity.StatsSnapshot;

/**
 * A snapshot in the Prometheus text exposition format 0.0.4: a {@code # HELP} and a
 * {@code # TYPE} line, then the sample, per metric. Counters end in {@code _total}, as
 * Prometheus names them.
 */
public final class PrometheusText {

    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder text = new StringBuilder();

    private PrometheusText() {}

    public static String of(StatsSnapshot stats) {
        return new PrometheusText()
                .gauge("longpoll_polls_waiting", "Polls held open on this node now.", stats.pollsWaiting())
                .gauge("longpoll_poll_tasks_active", "Blocking-pop tasks running on the poll executor now.", stats.pollTasksActive())
                .counter("longpoll_polls_with_messages_total", "Polls answered 200 with messages.", stats.pollsWithMessages())
                .counter("longpoll_polls_timed_out_total", "Polls answered 204: nothing came in time.", stats.pollsTimedOut())
                .counter("longpoll_messages_sent_total", "Messages queued by sends.", stats.messagesSent())
                .counter("longpoll_messages_delivered_total", "Messages in 200 answers, redelivered ones included.", stats.messagesDelivered())
                .counter("longpoll_messages_redelivered_total", "Messages handed out again while unacknowledged.", stats.messagesRedelivered())
                .counter("longpoll_refused_queue_full_total", "Sends refused 429: the recipient's queue was full.", stats.refusedQueueFull())
                .counter("longpoll_refused_unavailable_total", "Requests refused 503 for capacity: node full, busy or stopping.", stats.refusedUnavailable())
                .counter("longpoll_redis_errors_total", "Redis calls that failed: Redis did not answer or was not ready.", stats.redisErrors())
                .counter("longpoll_entries_set_aside_total", "Entries of clients' lists that were not messages, moved to dead-letter lists.", stats.entriesSetAside())
                .text.toString();
    }

    private PrometheusText gauge(String name, String help, long value) {
        return metric(name, "gauge", help, value);
    }

    private PrometheusText counter(String name, String help, long value) {
        return metric(name, "counter", help, value);
    }

    private PrometheusText metric(String name, String type, String help, long value) {
        text.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(' ').append(type).append('\n')
                .append(name).append(' ').append(value).append('\n');
        return this;
    }
}
