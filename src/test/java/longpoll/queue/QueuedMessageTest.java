package longpoll.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.json.JsonValue;
import java.util.List;
import longpoll.json.Json;
import longpoll.queue.entity.Digest;
import longpoll.queue.entity.QueuedMessage;
import org.junit.jupiter.api.Test;

class QueuedMessageTest {

    @Test
    void entryIsToThenMessage() {
        var message = new QueuedMessage("c1", Json.fromJson("{\"b\":1,\"a\":[true,null]}", JsonValue.class), "id-1");

        assertEquals("{\"to\":\"c1\",\"message\":{\"b\":1,\"a\":[true,null]},\"id\":\"id-1\"}", message.toEntry());
    }

    @Test
    void entryWrittenByTheReferenceServerIsRead() {
        var message = QueuedMessage.fromEntry("{\"to\": \"c1\", \"message\": \"your message\", \"extra\": 1}");

        assertEquals("c1", message.to());
        assertEquals("\"your message\"", Json.toJson(message.message()));
    }

    @Test
    void entryWrittenWithoutAnIdIsKnownByTheSha1OfItsText() {
        // printf '%s' '<entry>' | sha1sum
        var message = QueuedMessage.fromEntry("{\"to\": \"c1\", \"message\": \"your message\", \"extra\": 1}");

        assertEquals("f2f90110f9968811a848ab3368ef8917b9c41f9a", message.id());
    }

    @Test
    void entryWithAnIdKeepsIt() {
        assertEquals(
                "abc",
                QueuedMessage.fromEntry("{\"to\":\"c1\",\"message\":1,\"id\":\"abc\"}")
                        .id());
    }

    @Test
    void entryWhoseIdCanNotBeAcknowledgedIsKnownByTheSha1OfItsText() {
        for (String entry : List.of(
                "{\"message\":1,\"id\":42}",
                "{\"message\":1,\"id\":\"\"}",
                "{\"message\":1,\"id\":\"a b\"}",
                "{\"message\":1,\"id\":\"" + "x".repeat(129) + "\"}")) {
            assertEquals(Digest.sha1Hex(entry), QueuedMessage.fromEntry(entry).id(), entry);
        }
    }

    @Test
    void theLastIdOfAnEntryCounts() {
        assertEquals(
                "own",
                QueuedMessage.fromEntry("{\"message\":1,\"id\":42,\"id\":\"own\"}")
                        .id());
    }

    @Test
    void entriesThatAreNotMessagesAreReadAsNone() {
        for (String entry : List.of(
                "plain text", "null", "42", "[1]", "{}", "{\"to\": \"c1\"}", "{\"to\": \"c1\", \"message\": null}")) {
            assertNull(QueuedMessage.fromEntry(entry), entry);
        }
    }
}
