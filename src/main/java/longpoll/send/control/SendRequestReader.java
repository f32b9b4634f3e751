package longpoll.send.control;

import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.JsonbException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import longpoll.json.Json;
import longpoll.queue.entity.ClientId;
import longpoll.queue.entity.QueuedMessage;
import longpoll.send.entity.SendRequest;
import longpoll.web.entity.ApiException;

/** Turns a send's body into the entry to queue, or says exactly what is wrong with it. */
public final class SendRequestReader {

    private final int maxBodyBytes;

    public SendRequestReader(int maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * @param body           the request body, read at most one byte past the limit
     * @param pathRecipient  the client named in the path ({@code POST /poll/{clientId}}), or null;
     *                       when given, {@code to} may be left out but must not name someone else
     * @param id             the id the message is queued under
     */
    public QueuedMessage read(InputStream body, String pathRecipient, String id) {
        SendRequest request = parse(readLimited(body));
        ClientId to = recipient(request.to(), pathRecipient);
        if (request.message() == null || request.message().getValueType() == JsonValue.ValueType.NULL) {
            throw ApiException.badRequest("\"message\" is required: any JSON value but null");
        }
        return new QueuedMessage(to.value(), request.message(), id);
    }

    private String readLimited(InputStream body) {
        try {
            byte[] bytes = body.readNBytes(maxBodyBytes + 1);
            if (bytes.length > maxBodyBytes) {
                throw ApiException.tooLarge("The body is larger than " + maxBodyBytes + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SendRequest parse(String body) {
        try {
            SendRequest request = Json.fromJson(body, SendRequest.class);
            if (request == null) {
                throw ApiException.badRequest("The body must be a JSON object");
            }
            return request;
        } catch (JsonbException e) {
            throw ApiException.badRequest("The body is not a JSON object of the form {\"to\": \"<clientId>\", \"message\": <any JSON>}");
        }
    }

    private static ClientId recipient(JsonValue to, String pathRecipient) {
        if (to == null && pathRecipient != null) {
            return new ClientId(pathRecipient);
        }
        if (!(to instanceof JsonString name)) {
            throw ApiException.badRequest("\"to\" is required and must be a string");
        }
        if (pathRecipient != null && !pathRecipient.equals(name.getString())) {
            throw ApiException.badRequest("\"to\" names another client than the path");
        }
        return new ClientId(name.getString());
    }
}
