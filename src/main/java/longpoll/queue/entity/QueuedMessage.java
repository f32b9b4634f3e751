package longpoll.queue.entity;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.JsonbException;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.regex.Pattern;
import longpoll.json.Json;

/**
 * One entry of a client's Redis list: {@code {"to": "...", "message": <any JSON>, "id": "..."}},
 * the reference design's layout plus the id longpoll gives each message. Other fields written by
 * other servers are ignored.
 *
 * <p>The message is a {@link JsonValue} so that JSON-B hands it back as the same JSON value that
 * was sent (key order included) instead of converting it to Java types.
 */
@JsonbPropertyOrder({"to", "message", "id"})
public record QueuedMessage(String to, JsonValue message, String id) {

    /** What a client can send back in {@code ?ack=} (see {@code poll.control.Acknowledgement}). */
    private static final Pattern ID = Pattern.compile("[!-~]{1,128}");

    public String toEntry() {
        return Json.toJson(this);
    }

    /**
     * Reads an entry. Its id is its {@code "id"} when that is one a client can acknowledge with
     * ({@code ?ack=}: a string of 1 to 128 visible ASCII characters); an entry without one (written
     * by another server of the same design, or with an id of another kind) is known by the SHA-1
     * of its text, as the acknowledge scripts know it (ids.lua; they give such an entry an id of
     * its own when they first hand it out, since two of them may be identical).
     *
     * @return null when the entry is not a message: not a JSON object, or one without a
     *     {@code "message"} (or with a null one), as something else than a sender may write
     */
    public static QueuedMessage fromEntry(String entry) {
        JsonObject read;
        try {
            read = Json.fromJson(entry, JsonObject.class);
        } catch (JsonbException | ClassCastException notAnObject) {
            return null;
        }
        if (read == null) {
            return null;
        }
        JsonValue message = read.get("message");
        if (message == null || message.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        String to = read.get("to") instanceof JsonString recipient ? recipient.getString() : null;
        String id = read.get("id") instanceof JsonString own
                        && ID.matcher(own.getString()).matches()
                ? own.getString()
                : Digest.sha1Hex(entry);
        return new QueuedMessage(to, message, id);
    }
}
