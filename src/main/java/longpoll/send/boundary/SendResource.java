package longpoll.send.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import jakarta.servlet.http.HttpServletRequest;
import longpoll.access.boundary.SendAccessFilter;
import longpoll.access.boundary.SendCredentialRequired;
import longpoll.json.Json;
import longpoll.send.control.Sender;
import longpoll.send.entity.IdempotencyKey;

/**
 * {@code POST /poll/send} with {@code {"to": "<clientId>", "message": <any JSON>}}, the
 * reference design's per-client form {@code POST /poll/{clientId}}, and {@code POST /poll/send/batch}
 * with a JSON array of sends. The body is read as JSON
 * whatever its declared type, so that a plain {@code curl -d} works too. An
 * {@code Idempotency-Key} header makes a retried send safe. When send tokens are on, only a
 * sender presenting one gets here.
 */
@Path("/")
@ApplicationScoped
public class SendResource {

    private static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    @Inject
    Sender sender;

    @Inject
    HttpServletRequest request;

    @POST
    @Path("send")
    @SendCredentialRequired
    @Produces(MediaType.APPLICATION_JSON)
    public String send(InputStream body, @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        return Json.toJson(sender.send(body, null, idempotencyKey(idempotencyKey)));
    }

    /** A JSON array of sends, queued in order; answered with their receipts, in the same order. */
    @POST
    @Path("send/batch")
    @SendCredentialRequired
    @Produces(MediaType.APPLICATION_JSON)
    public String sendBatch(InputStream body, @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        return Json.toJson(sender.sendBatch(body, idempotencyKey(idempotencyKey)));
    }

    @POST
    @Path("{clientId}")
    @SendCredentialRequired
    @Produces(MediaType.APPLICATION_JSON)
    public String sendTo(@PathParam("clientId") String clientId, InputStream body,
            @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        return Json.toJson(sender.send(body, clientId, idempotencyKey(idempotencyKey)));
    }

    /** The header's key, held per sender when send tokens tell senders apart; null without the header. */
    private IdempotencyKey idempotencyKey(String header) {
        return header == null ? null : new IdempotencyKey((String) request.getAttribute(SendAccessFilter.SENDER), header);
    }
}
