package longpoll.send.entity;

import jakarta.json.JsonValue;

/**
 * The body of a send: {@code {"to": "<clientId>", "message": <any JSON>}}. Both are kept as
 * JSON values so that a {@code to} of the wrong type can be told apart from a missing one.
 */
public record SendRequest(JsonValue to, JsonValue message) {}
