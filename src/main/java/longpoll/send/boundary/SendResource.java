package longpoll.send.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.util.List;
import longpoll.access.boundary.SendAccessFilter;
import longpoll.access.boundary.SendCredentialRequired;
import longpoll.send.control.Sender;
import longpoll.send.entity.IdempotencyKey;
import longpoll.send.entity.SendReceipt;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /poll/send} with {@code {"to": "<clientId>", "message": <any JSON>}}, the
 * reference design's per-client form {@code POST /poll/{clientId}}, and {@code POST /poll/send/batch}
 * with a JSON array of sends. The body is read as JSON whatever its declared type, so that a
 * plain {@code curl -d} works too: that is why it comes in as a stream, read by
 * {@link longpoll.send.control.SendRequestReader}, and not as an entity JAX-RS would pick a
 * reader for by its {@code Content-Type}. An {@code Idempotency-Key} header makes a retried send
 * safe. When send tokens are on, only a sender presenting one gets here.
 */
@Path("/")
@ApplicationScoped
@Tag(name = "send", description = "Queue messages for clients")
public class SendResource {

    private static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    @Inject
    Sender sender;

    @POST
    @Path("send")
    @SendCredentialRequired
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "send", summary = "Queues a message for a client")
    @RequestBody(
            required = true,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Send")))
    @APIResponse(
            responseCode = "200",
            description = "Queued",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "SendReceipt")))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "413", ref = "TooLarge")
    @APIResponse(responseCode = "422", ref = "KeyReused")
    @APIResponse(responseCode = "429", ref = "TooManyRequests")
    @APIResponse(responseCode = "503", ref = "Unavailable")
    public SendReceipt send(
            @Parameter(hidden = true) InputStream body,
            @Parameter(ref = "IdempotencyKey") @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey,
            @Context HttpServletRequest request) {
        return sender.send(body, null, idempotencyKey(idempotencyKey, request));
    }

    /** A JSON array of sends, queued in order; answered with their receipts, in the same order. */
    @POST
    @Path("send/batch")
    @SendCredentialRequired
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "sendBatch", summary = "Queues several messages, refused whole if one is bad")
    @RequestBody(
            required = true,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "SendBatch")))
    @APIResponse(
            responseCode = "200",
            description = "All queued",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "SendReceipts")))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "413", ref = "TooLarge")
    @APIResponse(responseCode = "422", ref = "KeyReused")
    @APIResponse(responseCode = "429", ref = "TooManyRequests")
    @APIResponse(responseCode = "503", ref = "Unavailable")
    public List<SendReceipt> sendBatch(
            @Parameter(hidden = true) InputStream body,
            @Parameter(ref = "IdempotencyKey") @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey,
            @Context HttpServletRequest request) {
        return sender.sendBatch(body, idempotencyKey(idempotencyKey, request));
    }

    @POST
    @Path("{clientId}")
    @SendCredentialRequired
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "sendTo",
            summary = "Queues a message for the client in the path (the reference design's send)",
            description = "\"to\" may be left out, and must name the path's client if given")
    @RequestBody(
            required = true,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "SendRequest")))
    @APIResponse(
            responseCode = "200",
            description = "Queued",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "SendReceipt")))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "413", ref = "TooLarge")
    @APIResponse(responseCode = "422", ref = "KeyReused")
    @APIResponse(responseCode = "429", ref = "TooManyRequests")
    @APIResponse(responseCode = "503", ref = "Unavailable")
    public SendReceipt sendTo(
            @Parameter(ref = "ClientId") @PathParam("clientId") String clientId,
            @Parameter(hidden = true) InputStream body,
            @Parameter(ref = "IdempotencyKey") @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey,
            @Context HttpServletRequest request) {
        return sender.send(body, clientId, idempotencyKey(idempotencyKey, request));
    }

    /**
     * The header's key, held per sender when send tokens tell senders apart; null without the
     * header. The request comes from JAX-RS: CDI's would need Weld's request context, which
     * longpoll does not start (see WEB-INF/web.xml).
     */
    private static IdempotencyKey idempotencyKey(String header, HttpServletRequest request) {
        return header == null
                ? null
                : new IdempotencyKey((String) request.getAttribute(SendAccessFilter.SENDER), header);
    }
}
