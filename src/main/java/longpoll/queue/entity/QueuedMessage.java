package longpoll.queue.entity;

import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import longpoll.json.Json;

/**
 * One entry of a client's Redis list: {@code {"to": "...", "message": <any JSON>}}, the reference
 * design's layout. Other fields written by other servers are ignored.
 *
 * <p>The message is a {@link JsonValue} so that JSON-B hands it back exactly as it was sent
 * (object key order and number spelling included) instead of converting it to Java types.
 */
@JsonbPropertyOrder({"to", "message"})
public record QueuedMessage(String to, JsonValue message) {

    public String toEntry() {
        return Json.toJson(this);
    }

    /** @throws jakarta.json.bind.JsonbException when the entry is not such a JSON object */
    public static QueuedMessage fromEntry(String entry) {
        return Json.fromJson(entry, QueuedMessage.class);
    }
}
