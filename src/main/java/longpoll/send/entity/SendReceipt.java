package longpoll.send.entity;

/**
 * The answer to a send: the message is queued for {@code to} under {@code id}; {@code waiting}
 * says whether a poll of that client was waiting, on any node of the service, at that moment.
 */
public record SendReceipt(String id, String to, boolean waiting) {}
