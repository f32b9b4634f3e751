package longpoll.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.JsonValue;
import jakarta.json.bind.JsonbException;
import longpoll.json.Json;
import longpoll.queue.entity.QueuedMessage;
import org.junit.jupiter.api.Test;

class QueuedMessageTest {

    @Test
    void entryIsToThenMessage() {
        var message = new QueuedMessage("c1", Json.fromJson("{\"b\":1,\"a\":[true,null]}", JsonValue.class));

        assertEquals("{\"to\":\"c1\",\"message\":{\"b\":1,\"a\":[true,null]}}", message.toEntry());
    }

    @Test
    void entryWrittenByTheReferenceServerIsRead() {
        var message = QueuedMessage.fromEntry("{\"to\": \"c1\", \"message\": \"your message\", \"extra\": 1}");

        assertEquals("c1", message.to());
        assertEquals("\"your message\"", Json.toJson(message.message()));
    }

    @Test
    void entryThatIsNotJsonIsRefused() {
        assertThrows(JsonbException.class, () -> QueuedMessage.fromEntry("plain text"));
    }
}
