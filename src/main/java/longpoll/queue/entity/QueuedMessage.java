package longpoll.queue.entity;

import jakarta.json.JsonValue;
import jakarta.json.bind.JsonbException;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
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

    public String toEntry() {
        return Json.toJson(this);
    }

    /**
     * Reads an entry. One written without an id, by another server of the same design, is given
     * the SHA-1 of its text, which the acknowledge script computes alike.
     *
     * @return null when the entry is not a message: not a JSON object, or one without a
     *     {@code "message"} (or with a null one), as something else than a sender may write
     */
    public static QueuedMessage fromEntry(String entry) {
        QueuedMessage read;
        try {
            read = Json.fromJson(entry, QueuedMessage.class);
        } catch (JsonbException notAnObject) {
            return null;
        }
        if (read == null || read.message() == null || read.message().getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        return read.id() != null ? read : new QueuedMessage(read.to(), read.message(), Digest.sha1Hex(entry));
    }
}
