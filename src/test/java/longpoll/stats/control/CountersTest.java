package longpoll.stats.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import longpoll.poll.entity.PollAnswered;
import longpoll.queue.entity.EntriesSetAside;
import longpoll.queue.entity.MessagesQueued;
import longpoll.queue.entity.RedisCallFailed;
import longpoll.stats.entity.StatsSnapshot;
import longpoll.web.entity.RequestRefused;
import org.junit.jupiter.api.Test;

/** Each counter moves by what its event says, and only its own. */
class CountersTest {

    private static final Duration HELD = Duration.ofMillis(5);

    private final Counters counters = new Counters();

    @Test
    void answeredPollsCountTheirMessagesAndRedeliveriesApart() {
        counters.pollAnswered(new PollAnswered(3, false, HELD));
        counters.pollAnswered(new PollAnswered(2, true, HELD));
        counters.pollAnswered(new PollAnswered(0, false, HELD));

        StatsSnapshot stats = counters.snapshot(7, 1);

        assertEquals(new StatsSnapshot(7, 1, 2, 1, 0, 5, 2, 0, 0, 0, 0), stats);
    }

    @Test
    void sendsRefusalsAndRedisErrorsCountOneEach() {
        counters.messagesQueued(new MessagesQueued(2));
        counters.refused(RequestRefused.QUEUE_FULL);
        counters.refused(RequestRefused.NO_CAPACITY);
        counters.refused(RequestRefused.NO_CAPACITY);
        counters.redisCallFailed(new RedisCallFailed(new IllegalStateException("refused")));
        counters.entriesSetAside(new EntriesSetAside(3));

        assertEquals(new StatsSnapshot(0, 0, 0, 0, 2, 0, 0, 1, 2, 1, 3), counters.snapshot(0, 0));
    }
}
