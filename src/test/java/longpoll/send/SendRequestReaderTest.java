package longpoll.send;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import longpoll.json.Json;
import longpoll.queue.entity.QueuedMessage;
import longpoll.send.control.SendRequestReader;
import longpoll.web.entity.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SendRequestReaderTest {

    private static final int LIMIT = 100;
    private final SendRequestReader reader = new SendRequestReader(LIMIT);

    @Test
    void validSendBecomesAQueuedMessage() {
        QueuedMessage message = read("{\"to\": \"c1\", \"message\": {\"k\": [1, 2]}}", null);

        assertEquals("c1", message.to());
        assertEquals("{\"k\":[1,2]}", Json.toJson(message.message()));
    }

    @Test
    void unknownFieldsAreIgnored() {
        assertEquals("c1", read("{\"to\": \"c1\", \"message\": 1, \"priority\": \"high\"}", null).to());
    }

    @Test
    void pathNamesTheRecipientWhenToIsLeftOut() {
        assertEquals("c2", read("{\"message\": 1}", "c2").to());
    }

    @Test
    void toThatNamesAnotherClientThanThePathIsRefused() {
        assertBadRequest("{\"to\": \"c1\", \"message\": 1}", "c2");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "{", "null", "42", "\"text\"", "[]",
        "{\"message\": 1}",
        "{\"to\": 1, \"message\": 1}",
        "{\"to\": [\"c1\"], \"message\": 1}",
        "{\"to\": \"c1\"}",
        "{\"to\": \"c1\", \"message\": null}",
        "{\"to\": \"bad id\", \"message\": 1}"
    })
    void malformedOrIncompleteSendIsABadRequest(String body) {
        assertBadRequest(body, null);
    }

    @Test
    void bodyAtTheLimitIsRead() {
        String envelope = "{\"to\": \"c1\", \"message\": \"\"}";
        String body = envelope.replace("\"\"}", "\"" + "x".repeat(LIMIT - envelope.length()) + "\"}");

        assertEquals(LIMIT, body.getBytes(StandardCharsets.UTF_8).length);
        assertEquals("c1", read(body, null).to());
    }

    @Test
    void bodyOverTheLimitIsTooLarge() {
        String body = "{\"to\": \"c1\", \"message\": \"" + "x".repeat(LIMIT) + "\"}";

        var refused = assertThrows(ApiException.class, () -> read(body, null));

        assertEquals(413, refused.status().getStatusCode());
    }

    private QueuedMessage read(String body, String pathRecipient) {
        return reader.read(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), pathRecipient, "id-1");
    }

    private void assertBadRequest(String body, String pathRecipient) {
        var refused = assertThrows(ApiException.class, () -> read(body, pathRecipient));
        assertEquals(400, refused.status().getStatusCode());
    }
}
