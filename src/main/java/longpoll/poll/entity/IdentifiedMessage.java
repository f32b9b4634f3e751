package longpoll.poll.entity;

import jakarta.json.JsonValue;

/** What an acknowledging client receives for each message: its id (to acknowledge) and the message. */
public record IdentifiedMessage(String id, JsonValue message) {}
