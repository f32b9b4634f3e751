package longpoll.send.control;

import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.JsonbException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import longpoll.json.Json;
import longpoll.queue.entity.ClientId;
import longpoll.queue.entity.QueuedMessage;
import longpoll.refusal.Refusal;
import longpoll.send.entity.SendRequest;

/** Turns a send's body into the entry to queue, or says exactly what is wrong with it. */
public final class SendRequestReader {

    private static final int READ_STEP_BYTES = 1024;

    private final int maxBodyBytes;
    private final int maxBatchSize;

    /** @param maxBatchSize the most messages a batch holds; its body may be that many times a send's */
    public SendRequestReader(int maxBodyBytes, int maxBatchSize) {
        this.maxBodyBytes = maxBodyBytes;
        this.maxBatchSize = maxBatchSize;
    }

    /**
     * @param body           the request body, read at most one byte past the limit
     * @param pathRecipient  the client named in the path ({@code POST /poll/{clientId}}), or null;
     *                       when given, {@code to} may be left out but must not name someone else
     * @param id             the id the message is queued under
     */
    public QueuedMessage read(InputStream body, String pathRecipient, String id) {
        return message(parse(readLimited(body, maxBodyBytes)), pathRecipient, id);
    }

    /**
     * A batch: a JSON array of sends. It is refused whole, naming the first bad message, so
     * that nothing of a bad batch is queued.
     *
     * @param ids the id of each message, in order
     */
    public List<QueuedMessage> readBatch(InputStream body, Supplier<String> ids) {
        SendRequest[] requests = parseBatch(readLimited(body, maxBodyBytes * maxBatchSize));
        if (requests.length == 0 || requests.length > maxBatchSize) {
            throw Refusal.invalid("A batch holds 1 to " + maxBatchSize + " messages, not " + requests.length);
        }
        var messages = new ArrayList<QueuedMessage>(requests.length);
        for (int i = 0; i < requests.length; i++) {
            try {
                messages.add(message(requests[i] == null ? new SendRequest(null, null) : requests[i], null, ids.get()));
            } catch (Refusal e) {
                throw Refusal.invalid("Message " + i + " of the batch: " + e.getMessage());
            }
            // The limit of one send holds for each message of a batch alike.
            if (requests[i].message().toString().getBytes(StandardCharsets.UTF_8).length > maxBodyBytes) {
                throw Refusal.tooLarge("Message " + i + " of the batch is larger than " + maxBodyBytes + " bytes");
            }
        }
        return messages;
    }

    private static QueuedMessage message(SendRequest request, String pathRecipient, String id) {
        ClientId to = recipient(request.to(), pathRecipient);
        if (request.message() == null || request.message().getValueType() == JsonValue.ValueType.NULL) {
            throw Refusal.invalid("\"message\" is required: any JSON value but null");
        }
        return new QueuedMessage(to.value(), request.message(), id);
    }

    /**
     * Reads in steps of {@value #READ_STEP_BYTES} bytes: a send's body is mostly a few hundred,
     * and {@code readNBytes(limit + 1)} allocates and zeroes a 16 KiB buffer for each, which a
     * saturated node feels.
     */
    private static String readLimited(InputStream body, int limit) {
        try {
            var read = new ByteArrayOutputStream(READ_STEP_BYTES);
            byte[] step = new byte[READ_STEP_BYTES];
            for (int n = body.read(step); n >= 0; n = body.read(step)) {
                read.write(step, 0, n);
                if (read.size() > limit) {
                    throw Refusal.tooLarge("The body is larger than " + limit + " bytes");
                }
            }
            return read.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            // The client stalled past the server's read timeout, or went away mid-body: its fault, not ours.
            throw Refusal.invalid("The body could not be read in full");
        }
    }

    private static SendRequest parse(String body) {
        try {
            SendRequest request = Json.fromJson(body, SendRequest.class);
            if (request == null) {
                throw Refusal.invalid("The body must be a JSON object");
            }
            return request;
        } catch (JsonbException e) {
            throw Refusal.invalid(
                    "The body is not a JSON object of the form {\"to\": \"<clientId>\", \"message\": <any JSON>}");
        }
    }

    private static SendRequest[] parseBatch(String body) {
        try {
            SendRequest[] requests = Json.fromJson(body, SendRequest[].class);
            if (requests == null) {
                throw Refusal.invalid("The body must be a JSON array");
            }
            return requests;
        } catch (JsonbException e) {
            throw Refusal.invalid("The body is not a JSON array of {\"to\": \"<clientId>\", \"message\": <any JSON>}");
        }
    }

    private static ClientId recipient(JsonValue to, String pathRecipient) {
        if (to == null && pathRecipient != null) {
            return new ClientId(pathRecipient);
        }
        if (!(to instanceof JsonString name)) {
            throw Refusal.invalid("\"to\" is required and must be a string");
        }
        if (pathRecipient != null && !pathRecipient.equals(name.getString())) {
            throw Refusal.invalid("\"to\" names another client than the path");
        }
        return new ClientId(name.getString());
    }
}
