package longpoll.web.entity;

/** The body of every error answer: {@code {"error": "...", "status": 400}}. */
public record ApiError(String error, int status) {}
