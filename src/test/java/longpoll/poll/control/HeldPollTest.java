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

/** A poll's life: one stage at a time, each end told to the registry once. */
class HeldPollTest {

    private final AtomicInteger cancels = new AtomicInteger();
    private final List<Object> resumedWith = new ArrayList<>();
    private final List<String> heard = new ArrayList<>();
    private final HeldPoll poll =
            new HeldPoll(new ClientId("alice"), 1, "wake", counting(), answered -> {}, new HeldPoll.Registry() {
                @Override
                public void placeFreed(HeldPoll poll) {
                    heard.add("place freed");
                }

                @Override
                public void left(HeldPoll poll) {
                    heard.add("left");
                }
            });

    @Test
    void timeoutOfAPollItsClientLeftCancelsItsResponse() {
        assertTrue(poll.abandon());
        poll.popEnded();

        assertTrue(
                poll.timedOut(), "no answer to wait for: the container must not keep the response, re-armed forever");
        assertEquals(1, cancels.get());
    }

    @Test
    void timeoutWhileThePopIsAtWorkIsPutOffForThePopsAnswer() {
        assertFalse(poll.timedOut(), "the pop answers in order first");
        assertTrue(poll.isOpen());

        assertTrue(poll.fail(new IllegalStateException("the pop's answer")));
        assertEquals(List.of("place freed"), heard);
    }

    @Test
    void registryHearsOfThePlaceWhenThePollEndsAndOfItsLeavingWhenItsPopEndsToo() {
        assertTrue(poll.fail(new IllegalStateException("answered")));
        assertEquals(List.of("place freed"), heard, "its pop is still at work");
        assertFalse(poll.fail(new IllegalStateException("again")), "answered once only");

        poll.popEnded();
        poll.popEnded();

        assertEquals(List.of("place freed", "left"), heard);
    }

    @Test
    void aPollWhosePopEndedFirstLeavesWhenItIsAnswered() {
        poll.popEnded();
        assertTrue(poll.isOpen(), "superseded, it waits for its own timeout");
        assertEquals(List.of(), heard);

        assertTrue(poll.abandon());

        assertEquals(List.of("place freed", "left"), heard);
        assertFalse(poll.abandon());
    }

    @Test
    void answerIsWrittenToJsonBeforeThePollCountsAsAnswered() {
        var message = Json.fromJson("{\"b\": [1, 2], \"a\": \"\\u00e9\"}", JsonValue.class);

        assertTrue(poll.deliver(List.of(message, Json.fromJson("\"hi\"", JsonValue.class)), List.of("1", "2")));

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

        assertThrows(JsonbException.class, () -> poll.deliver(List.of(unwritable), List.of("1")));

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
