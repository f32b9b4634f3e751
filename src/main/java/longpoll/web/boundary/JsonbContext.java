package longpoll.web.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.bind.Jsonb;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;
import longpoll.json.Json;

/**
 * Gives JAX-RS the application's one JSON-B instance for the records it writes, so that a body
 * reads alike on every server (whose own JSON-B providers would otherwise each build their own)
 * and alike with what the service writes in Redis.
 */
@Provider
@ApplicationScoped
public class JsonbContext implements ContextResolver<Jsonb> {

    @Override
    public Jsonb getContext(Class<?> type) {
        return Json.jsonb();
    }
}
