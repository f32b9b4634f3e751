package longpoll.queue.entity;

import jakarta.json.JsonValue;
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
     * @throws jakarta.json.bind.JsonbException when the entry is not such a JSON object
     */
    public static QueuedMessage fromEntry(String entry) {
        var read = Json.fromJson(entry, QueuedMessage.class);
        return read.id() != null ? read : new QueuedMessage(read.to(), read.message(), Digest.sha1Hex(entry));
    }
}
