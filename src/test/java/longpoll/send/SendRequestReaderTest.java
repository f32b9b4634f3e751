package longpoll.send;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonString;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import longpoll.json.Json;
import longpoll.queue.entity.QueuedMessage;
import longpoll.refusal.Refusal;
import longpoll.send.control.SendRequestReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SendRequestReaderTest {

    private static final int LIMIT = 100;
    private static final int BATCH = 3;
    private final SendRequestReader reader = new SendRequestReader(LIMIT, BATCH);

    @Test
    void validSendBecomesAQueuedMessage() {
        QueuedMessage message = read("{\"to\": \"c1\", \"message\": {\"k\": [1, 2]}}", null);

        assertEquals("c1", message.to());
        assertEquals("{\"k\":[1,2]}", Json.toJson(message.message()));
    }

    @Test
    void unknownFieldsAreIgnored() {
        assertEquals(
                "c1",
                read("{\"to\": \"c1\", \"message\": 1, \"priority\": \"high\"}", null)
                        .to());
    }

    @Test
    void pathNamesTheRecipientWhenToIsLeftOut() {
        assertEquals("c2", read("{\"message\": 1}", "c2").to());
    }

    @Test
    void toThatNamesAnotherClientThanThePathIsRefused() {
        assertBadRequest("{\"to\": \"c1\", \"message\": 1}", "c2");
    }

    @Test
    void aBodyThatCannotBeReadInFullIsABadRequest() {
        var stalled = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException(new TimeoutException());
            }
        };

        var refused = assertThrows(Refusal.class, () -> reader.read(stalled, null, "id-1"));

        assertEquals(Refusal.Reason.INVALID, refused.reason());
        assertEquals("The body could not be read in full", refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "{",
                "null",
                "42",
                "\"text\"",
                "[]",
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
    void aBodyArrivingInPiecesIsReadWhole() {
        String text = "é€ü".repeat(1_000); // multi-byte characters across every read step
        byte[] body = ("{\"to\": \"c1\", \"message\": \"" + text + "\"}").getBytes(StandardCharsets.UTF_8);
        var inPieces = new ByteArrayInputStream(body) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 7));
            }
        };

        var message = new SendRequestReader(body.length, BATCH).read(inPieces, null, "id-1");

        assertEquals(text, ((JsonString) message.message()).getString());
    }

    @Test
    void bodyOverTheLimitIsTooLarge() {
        String body = "{\"to\": \"c1\", \"message\": \"" + "x".repeat(LIMIT) + "\"}";

        var refused = assertThrows(Refusal.class, () -> read(body, null));

        assertEquals(Refusal.Reason.TOO_LARGE, refused.reason());
    }

    @Test
    void batchBecomesQueuedMessagesInOrderWithTheirOwnIds() {
        var ids = List.of("id-a", "id-b").iterator();

        List<QueuedMessage> messages =
                readBatch("[{\"to\": \"c1\", \"message\": 1}, {\"to\": \"c2\", \"message\": \"two\"}]", ids::next);

        assertEquals(
                List.of("c1", "c2"), messages.stream().map(QueuedMessage::to).toList());
        assertEquals(
                List.of("1", "\"two\""),
                messages.stream().map(m -> Json.toJson(m.message())).toList());
        assertEquals(
                List.of("id-a", "id-b"),
                messages.stream().map(QueuedMessage::id).toList());
    }

    @Test
    void batchWithABadMessageIsRefusedNamingIt() {
        var refused = assertThrows(
                Refusal.class, () -> readBatch("[{\"to\": \"c1\", \"message\": 1}, {\"to\": \"c2\"}]", () -> "id"));

        assertEquals(Refusal.Reason.INVALID, refused.reason());
        assertTrue(refused.getMessage().startsWith("Message 1 of the batch: "), refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "[]",
                "{\"to\": \"c1\", \"message\": 1}",
                "[null]",
                "[1]",
                "[{\"to\": \"c\", \"message\": 1}, {\"to\": \"c\", \"message\": 2}, {\"to\": \"c\", \"message\": 3}, {\"to\": \"c\", \"message\": 4}]"
            })
    void emptyOversizedOrMalformedBatchIsABadRequest(String body) {
        var refused = assertThrows(Refusal.class, () -> readBatch(body, () -> "id"));
        assertEquals(Refusal.Reason.INVALID, refused.reason());
    }

    @Test
    void batchHoldingAMessageLargerThanOneSendMayBeIsRefusedNamingIt() {
        String large = "{\"to\": \"c1\", \"message\": \"" + "x".repeat(LIMIT) + "\"}";

        var refused = assertThrows(
                Refusal.class, () -> readBatch("[{\"to\": \"c1\", \"message\": 1}, " + large + "]", () -> "id"));

        assertEquals(Refusal.Reason.TOO_LARGE, refused.reason());
        assertTrue(refused.getMessage().startsWith("Message 1 of the batch is larger than"), refused.getMessage());
    }

    @Test
    void batchBodyMayBeAsLargeAsItsMessagesTogether() {
        String one = "{\"to\": \"c1\", \"message\": \"" + "x".repeat(LIMIT - 40) + "\"}";
        String body = "[" + one + "," + one + "," + one + "]";

        assertTrue(body.length() > LIMIT && body.length() <= LIMIT * BATCH, String.valueOf(body.length()));
        assertEquals(BATCH, readBatch(body, () -> "id").size());
    }

    private List<QueuedMessage> readBatch(String body, Supplier<String> ids) {
        return reader.readBatch(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), ids);
    }

    private QueuedMessage read(String body, String pathRecipient) {
        return reader.read(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), pathRecipient, "id-1");
    }

    private void assertBadRequest(String body, String pathRecipient) {
        var refused = assertThrows(Refusal.class, () -> read(body, pathRecipient));
        assertEquals(Refusal.Reason.INVALID, refused.reason());
    }
}
