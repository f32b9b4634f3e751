package longpoll.poll.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonValue;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import longpoll.json.Json;
import longpoll.queue.entity.ClientId;
import org.junit.jupiter.api.Test;

/** A poll's life: one stage at a time, its end told to the registry once. */
class HeldPollTest {

    private final AtomicInteger cancels = new AtomicInteger();
    private final List<Object> resumedWith = new ArrayList<>();
    private final List<String> heard = new ArrayList<>();
    private final HeldPoll poll = new HeldPoll(
            new ClientId("alice"),
            1,
            "node 1",
            false,
            counting(),
            answered -> {},
            (poll, mayBePoller) -> heard.add(mayBePoller ? "ended, to step down" : "ended"));

    @Test
    void timeoutOfAPollItsClientLeftCancelsItsResponse() {
        assertTrue(poll.leave());

        assertTrue(poll.timeOut(), "no answer to wait for: the container must not keep the response, re-armed forever");
        assertEquals(1, cancels.get());
    }

    @Test
    void timeoutWhileItsStartIsAtWorkIsPutOffAndTheStartAnswersOnceItFoundNothing() {
        assertFalse(poll.timeOut(), "the start answers in order first");
        assertTrue(poll.isOpen());

        poll.started();

        assertFalse(poll.isOpen());
        assertEquals(204, ((Response) resumedWith.getFirst()).getStatus());
        assertEquals(List.of("ended, to step down"), heard);
    }

    @Test
    void timeoutWhileATakeIsAtWorkIsPutOffForTheTakesMessages() {
        poll.started();
        assertTrue(poll.startTaking());

        assertFalse(poll.timeOut(), "the take answers in order first");
        assertTrue(poll.deliver(List.of(JsonValue.TRUE), List.of("1"), false));

        assertEquals(200, ((Response) resumedWith.getFirst()).getStatus());
        assertEquals(List.of("ended"), heard, "the take stepped down as it took");
    }

    @Test
    void secondTimeoutEndsAPollWhoseTakeNeverCameBack() {
        poll.started();
        assertTrue(poll.startTaking());
        assertFalse(poll.timeOut());

        assertTrue(poll.timeOut(), "Redis stalled: the poll must not hang");

        assertEquals(204, ((Response) resumedWith.getFirst()).getStatus());
        assertFalse(poll.deliver(List.of(JsonValue.TRUE), List.of("1"), false), "too late: its messages go back");
    }

    @Test
    void registryHearsOnceWhenThePollEnds() {
        assertTrue(poll.fail(new IllegalStateException("answered")));
        assertFalse(poll.fail(new IllegalStateException("again")), "answered once only");
        assertFalse(poll.leave());

        assertEquals(List.of("ended, to step down"), heard);
    }

    @Test
    void wokenPollWhoseTakeFoundNothingWaitsOn() {
        poll.started();
        assertTrue(poll.startTaking());
        assertFalse(poll.startTaking(), "one take at a time");

        poll.tookNothing();

        assertTrue(poll.isWaiting());
        assertEquals(List.of(), heard);
    }

    @Test
    void supersededPollWaitsForItsTimeoutWithoutSteppingDown() {
        poll.started();
        assertTrue(poll.startTaking());

        poll.superseded();

        assertTrue(poll.isOpen());
        assertFalse(poll.isWaiting(), "the node takes for it no more");
        assertTrue(poll.timeOut());
        assertEquals(204, ((Response) resumedWith.getFirst()).getStatus());
        assertEquals(List.of("ended"), heard, "a newer poll is the poller");
    }

    @Test
    void answerIsWrittenToJsonBeforeThePollCountsAsAnswered() {
        var message = Json.fromJson("{\"b\": [1, 2], \"a\": \"\\u00e9\"}", JsonValue.class);

        assertTrue(poll.deliver(List.of(message, Json.fromJson("\"hi\"", JsonValue.class)), List.of("1", "2"), false));

        var answer = (Response) resumedWith.getFirst();
        assertEquals("[{\"b\":[1,2],\"a\":\"\u00e9\"},\"hi\"]", answer.getEntity(), "the values as sent, in order");
    }

    @Test
    void messagesThatCannotBeWrittenLeaveThePollOpenForItsFailure() {
        Object unwritable = new Object() {
            public String getValue() {
                throw new IllegalStateException("cannot be written");
            }
        };

        assertThrows(JsonbException.class, () -> poll.deliver(List.of(unwritable), List.of("1"), false));

        assertTrue(poll.isOpen(), "not counted as delivered: its caller answers the failure and keeps the messages");
        assertEquals(List.of(), resumedWith);
    }

    /** An AsyncResponse that counts its cancels and keeps what it was resumed with, each call succeeding. */
    private AsyncResponse counting() {
        return (AsyncResponse) Proxy.newProxyInstance(
                AsyncResponse.class.getClassLoader(), new Class<?>[] {AsyncResponse.class}, (proxy, method, args) -> {
                    if (method.getName().equals("cancel")) {
                        cancels.incrementAndGet();
                    } else if (method.getName().equals("resume")) {
                        resumedWith.add(args[0]);
                    }
                    return method.getReturnType() == boolean.class ? true : null;
                });
    }
}
