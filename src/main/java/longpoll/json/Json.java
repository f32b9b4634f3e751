package longpoll.json;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

/** The one JSON-B instance of the application: building it is costly, using it is thread-safe. */
public final class Json {

    private static final Jsonb JSONB = JsonbBuilder.create();

    private Json() {}

    public static String toJson(Object value) {
        return JSONB.toJson(value);
    }

    /** @throws jakarta.json.bind.JsonbException when {@code json} is not valid JSON of that shape */
    public static <T> T fromJson(String json, Class<T> type) {
        return JSONB.fromJson(json, type);
    }
}
